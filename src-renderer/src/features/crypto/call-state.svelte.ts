import type { AppError } from '../../../../src-preload/contract/errors'
import { errorOf } from '../../lib/kms'

/** One tab's call in flight: busy while it runs, the failure (with a title) kept for ErrorPanel. */
export class CallState {
  busy = $state(false)
  error = $state<{ title: string; error: AppError } | undefined>()

  async run(title: string, fn: () => Promise<void>): Promise<void> {
    this.busy = true
    this.error = undefined
    try {
      await fn()
    } catch (e) {
      this.error = { title, error: errorOf(e) }
    } finally {
      this.busy = false
    }
  }
}
