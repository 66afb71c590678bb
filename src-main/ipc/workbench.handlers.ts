import type { Core } from '../services/core'
import { seedSandboxSamples } from '../services/sandbox-samples/seed'
import type { Handler } from './dispatch'

export const workbenchHandlers = (core: Core) => ({
  'permissions:get': (async (r) => {
    const here =
      core.workspace.permissionScope(r?.region) ?? core.workspace.permissionScope((await core.workspace.scope()).region)
    return here ? core.workspace.permissions.get(here) : { change: 'unknown', use: 'unknown' }
  }) satisfies Handler<'permissions:get'>,
  'sandbox:seed-samples': (async () =>
    seedSandboxSamples(core.workspace, core.store.active().kind)) satisfies Handler<'sandbox:seed-samples'>
})
