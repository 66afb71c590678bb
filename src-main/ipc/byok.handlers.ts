import { ByokWizard, type ByokHost } from '../services/byok/wizard'
import type { Core } from '../services/core'
import type { Handler } from './dispatch'

/** The wizard's host in the app: dialogs, the scope's KMS client, the activity log. */
function byokHost(core: Core): ByokHost {
  const ws = core.workspace
  return {
    platform: core.platform,
    scopeRegion: async () => (await ws.scope()).region,
    source: () => {
      const p = core.store.active()
      return { endpoint: p.endpoint, organisation: p.organisation }
    },
    // A ByokError is an AppFailure, so the activity log records its own code.
    online: (operation, target, fn) => ws.audited(operation, target, fn),
    // Offline steps use no profile; the log says so rather than naming the active one.
    record: (operation, outcome, target) =>
      core.activity.record({ profile: '(offline)', operation, outcome, ...target })
  }
}

export const byokHandlers = (core: Core, wizard = new ByokWizard(byokHost(core))) => {
  // Material still held in main is erased when the app closes.
  core.onClose(async () => wizard.discardAll())
  return {
    'byok:options': (async () => wizard.options()) satisfies Handler<'byok:options'>,
    'byok:fetch-wrapping-key': (async ({ region }) =>
      wizard.fetchWrappingKey(region)) satisfies Handler<'byok:fetch-wrapping-key'>,
    'byok:save-wrapping-key': (async ({ wrappingKeyId }) =>
      wizard.saveWrappingKey(wrappingKeyId)) satisfies Handler<'byok:save-wrapping-key'>,
    'byok:load-wrapping-key': (async () => wizard.loadWrappingKey()) satisfies Handler<'byok:load-wrapping-key'>,
    'byok:generate-material': (async ({ keyType }) =>
      wizard.generateMaterial(keyType)) satisfies Handler<'byok:generate-material'>,
    'byok:load-material': (async ({ keyType, format, passphrase }) =>
      wizard.loadMaterial(
        keyType,
        passphrase === undefined ? { format } : { format, passphrase }
      )) satisfies Handler<'byok:load-material'>,
    'byok:discard-material': (async ({ materialId }) => ({
      discarded: wizard.discardMaterial(materialId)
    })) satisfies Handler<'byok:discard-material'>,
    'byok:save-backup': (async ({ materialId }) => wizard.saveBackup(materialId)) satisfies Handler<'byok:save-backup'>,
    'byok:write-bundle': (async ({ wrappingKeyId, materialId, settings }) =>
      wizard.writeBundle(wrappingKeyId, materialId, settings)) satisfies Handler<'byok:write-bundle'>,
    'byok:load-bundle': (async () => wizard.loadBundle()) satisfies Handler<'byok:load-bundle'>,
    'byok:import-bundle': (async ({ bundleId, region }) =>
      wizard.importBundle(bundleId, region)) satisfies Handler<'byok:import-bundle'>,
    'byok:import-now': (async ({ materialId, wrappingKeyId, settings }) =>
      wizard.importNow(materialId, wrappingKeyId, settings)) satisfies Handler<'byok:import-now'>
  }
}
