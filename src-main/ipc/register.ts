import type { Core } from '../services/core'
import type { Handlers } from './dispatch'
import { activityHandlers } from './activity.handlers'
import { appHandlers } from './app.handlers'
import { byokHandlers } from './byok.handlers'
import { cryptoHandlers } from './crypto.handlers'
import { filesHandlers } from './files.handlers'
import { keyHandlers } from './keys.handlers'
import { kmsHandlers } from './kms.handlers'
import { profileHandlers } from './profiles.handlers'

/** Wires a handler for every contract channel; a missing or misspelt one fails to compile. */
export function createHandlers(core: Core): Handlers {
  return {
    ...appHandlers(core),
    ...profileHandlers(core),
    ...filesHandlers(core),
    ...kmsHandlers(core),
    ...keyHandlers(core),
    ...cryptoHandlers(core),
    ...activityHandlers(core),
    ...byokHandlers(core)
  } satisfies Handlers
}
