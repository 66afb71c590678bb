import type { Core } from '../services/core'
import type { Handler } from './dispatch'

export const appHandlers = (core: Core) => ({
  'app:info': (async () => core.info()) satisfies Handler<'app:info'>
})
