import type { Core } from '../services/core'
import type { Handlers } from './dispatch'
import { appHandlers } from './app.handlers'
import { profileHandlers } from './profiles.handlers'

/** Wires a handler for every contract channel; a missing or misspelt one fails to compile. */
export function createHandlers(core: Core): Handlers {
  return {
    ...appHandlers(core),
    ...profileHandlers(core)
  } satisfies Handlers
}
