import type { AppError } from '../../../../src-preload/contract/errors'
import { errorOf } from '../../lib/kms'
import { permissions } from '../../lib/stores/permissions.svelte'

/** One tab's call in flight: busy while it runs, the failure (with a title) kept for ErrorPanel. */
export class CallState {
  busy = $state(false)
  error = $state<{ title: string; error: AppError } | undefined>()
  /** Every operation here uses a key: once the token is known not to, the buttons say so. */
  get denied(): string | undefined {
    return permissions.useBlocked
  }

  async run(title: string, fn: () => Promise<void>): Promise<void> {
    this.busy = true
    this.error = undefined
    try {
      await fn()
    } catch (e) {
      const error = errorOf(e)
      this.error = { title, error }
      permissions.noteError(error)
    } finally {
      this.busy = false
    }
  }
}
