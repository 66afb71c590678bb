import type { Core } from '../services/core'
import { RecipientSets } from '../services/settings/recipient-sets'
import { chooseSaveTarget, writeSaveTarget } from '../services/shared/save-target'
import type { Handler } from './dispatch'

/** Saved recipient sets (settings file) and the export of verification reports (save dialog). */
export const recipientHandlers = (core: Core) => {
  const sets = new RecipientSets(core.settings)
  return {
    'recipients:list-sets': (async () => sets.list()) satisfies Handler<'recipients:list-sets'>,
    'recipients:save-set': (async (set) => sets.save(set)) satisfies Handler<'recipients:save-set'>,
    'recipients:delete-set': (async ({ name }) => sets.remove(name)) satisfies Handler<'recipients:delete-set'>,
    'reports:export-verification': (async (report) => {
      const who = report.signer.slug || report.signer.identity
      const target = await chooseSaveTarget(core.platform, {
        title: 'Export the verification report',
        defaultName: `verification-${who}-${report.checkedAt.slice(0, 10)}.json`
      })
      if (!target) return { cancelled: true }
      await writeSaveTarget(target, `${JSON.stringify(report, null, 2)}\n`, 0o644)
      return { cancelled: false, path: target.path }
    }) satisfies Handler<'reports:export-verification'>
  }
}
