import type { Core } from '../services/core'
import type { Handler } from './dispatch'

export const profileHandlers = (core: Core) => ({
  'profiles:list': (async () => core.listProfiles()) satisfies Handler<'profiles:list'>
})
