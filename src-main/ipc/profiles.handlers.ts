import type { Core } from '../services/core'
import type { Handler } from './dispatch'

export const profileHandlers = (core: Core) => ({
  'profiles:list': (async () => core.profiles.list()) satisfies Handler<'profiles:list'>,
  'profiles:create': (async ({ profile, secret }) => core.profiles.create(profile, secret)) satisfies Handler<'profiles:create'>,
  'profiles:update': (async ({ id, patch }) => core.profiles.update(id, patch)) satisfies Handler<'profiles:update'>,
  'profiles:delete': (async ({ id }) => {
    await core.profiles.delete(id)
    core.workspace.reset()
    return { deleted: true }
  }) satisfies Handler<'profiles:delete'>,
  'profiles:set-secret': (async ({ id, secret }) => core.profiles.setSecret(id, secret)) satisfies Handler<'profiles:set-secret'>,
  'profiles:test-connection': (async ({ id }) => core.profiles.testConnection(id)) satisfies Handler<'profiles:test-connection'>,
  'profiles:select-active': (async ({ id }, ctx) => {
    const view = await core.profiles.selectActive(id)
    core.workspace.reset()
    ctx.emit('profiles:changed', { activeId: id })
    return view
  }) satisfies Handler<'profiles:select-active'>,
  'profiles:import-tcloud': (async ({ includeEnv }) => core.profiles.importTcloud(core.env, core.home, { includeEnv })) satisfies Handler<'profiles:import-tcloud'>
})
