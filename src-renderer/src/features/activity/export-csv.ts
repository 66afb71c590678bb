import type { ActivityFilter } from '@contract/schemas/activity'
import { call, kms } from '@lib/kms'
import type { Action } from '@lib/stores/action.svelte'

/** Asks main to write the (filtered) activity log as CSV to a file picked in a save dialog. */
export async function exportActivityCsv(filter: ActivityFilter, action: Action): Promise<string | undefined> {
  const r = await action.run(() => call(kms.activity.exportCsv(filter)), {
    title: 'Export failed',
    done: (r) =>
      r.cancelled || !r.path
        ? { kind: 'info', text: 'Export cancelled' }
        : { kind: 'ok', text: 'Activity exported as CSV', hint: r.path }
  })
  return r.ok && !r.value.cancelled ? r.value.path : undefined
}
