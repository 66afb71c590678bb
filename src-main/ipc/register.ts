import type { Core } from '../services/core'
import type { Handlers } from './dispatch'
import { activityHandlers } from './activity.handlers'
import { appHandlers } from './app.handlers'
import { bulkHandlers } from './bulk.handlers'
import { byokHandlers } from './byok.handlers'
import { certsHandlers } from './certs.handlers'
import { cryptoHandlers } from './crypto.handlers'
import { filesHandlers } from './files.handlers'
import { keyHandlers } from './keys.handlers'
import { kmsHandlers } from './kms.handlers'
import { postureHandlers } from './posture.handlers'
import { profileHandlers } from './profiles.handlers'
import { recipientHandlers } from './recipients.handlers'
import { workbenchHandlers } from './workbench.handlers'
import { PathHandles } from '../services/files/path-handles'
import type { ReminderNotifier } from '../services/posture'

/** Wires a handler for every contract channel; a missing or misspelt one fails to compile. */
export function createHandlers(core: Core, o: { reminders?: ReminderNotifier } = {}): Handlers {
  // Paths the user dropped or chose, shared by the channels that take them (as handles).
  const handles = new PathHandles()
  return {
    ...appHandlers(core),
    ...profileHandlers(core, handles),
    ...filesHandlers(core, handles),
    ...kmsHandlers(core),
    ...keyHandlers(core),
    ...cryptoHandlers(core),
    ...activityHandlers(core),
    ...byokHandlers(core),
    ...workbenchHandlers(core),
    ...certsHandlers(core),
    ...bulkHandlers(core),
    ...recipientHandlers(core),
    ...postureHandlers(core, o.reminders)
  } satisfies Handlers
}
