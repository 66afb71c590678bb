import type { BulkAction, BulkTarget } from '@contract/schemas/bulk'
import { AppFailure } from '../kms/errors'

/** Scheduling deletion is the one bulk action that needs the count (and in the app the scope) typed back. */
export const needsConfirmation = (a: BulkAction): boolean => a.kind === 'schedule-deletion'

/**
 * Refuses a deletion run unless the typed count equals the number of keys and, when a scope is
 * expected, the typed scope equals it exactly (so a run aimed at the wrong profile stops here).
 */
export function checkConfirmation(
  a: BulkAction,
  targets: readonly BulkTarget[],
  confirm: { count?: number; scope?: string } | undefined,
  expectedScope?: string
): void {
  if (!needsConfirmation(a)) return
  const n = targets.length
  if (confirm?.count !== n)
    throw new AppFailure({
      code: 'bad_input',
      field: 'confirm',
      message:
        confirm?.count === undefined
          ? `Scheduling deletion of ${n} key${n === 1 ? '' : 's'} needs the count typed back.`
          : `The typed count ${confirm.count} does not match the ${n} key${n === 1 ? '' : 's'} selected; nothing was changed.`,
      hint: `Type ${n} to confirm (CLI: --confirm ${n}).`
    })
  if (expectedScope !== undefined && confirm.scope?.trim() !== expectedScope)
    throw new AppFailure({
      code: 'bad_input',
      field: 'confirmScope',
      message: `The typed scope does not match "${expectedScope}"; nothing was changed.`,
      hint: 'Type the profile and region exactly as shown.'
    })
}
