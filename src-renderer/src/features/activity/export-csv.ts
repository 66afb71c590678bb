import type { ActivityFilter } from '../../../../src-preload/contract/schemas/activity'
import { call, errorOf, kms } from '../../lib/kms'
import type { Toasts } from '../../lib/stores/toasts.svelte'

/** Asks main to write the (filtered) activity log as CSV to a file picked in a save dialog. */
export async function exportActivityCsv(filter: ActivityFilter, toasts: Toasts): Promise<string | undefined> {
  try {
    const r = await call(kms.activity.exportCsv(filter))
    if (r.cancelled || !r.path) {
      toasts.push('info', 'Export cancelled')
      return undefined
    }
    toasts.push('ok', 'Activity exported as CSV', r.path)
    return r.path
  } catch (e) {
    const err = errorOf(e)
    toasts.push('error', `Export failed: ${err.message}`, err.hint)
    return undefined
  }
}
