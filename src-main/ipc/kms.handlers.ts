import type { Core } from '../services/core'
import type { Handler } from './dispatch'

export const kmsHandlers = (core: Core) => ({
  'scope:get': (async () => core.workspace.scope()) satisfies Handler<'scope:get'>,
  'scope:set': (async (update) => core.workspace.setScope(update)) satisfies Handler<'scope:set'>,
  'kms:summary': (async () => (await core.workspace.client()).summary()) satisfies Handler<'kms:summary'>,
  'kms:projects': (async () => {
    const projects = await (await core.workspace.client()).projects()
    return projects.map((p) => ({ identity: p.identity, name: p.name, slug: p.slug }))
  }) satisfies Handler<'kms:projects'>
})
