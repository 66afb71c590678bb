import type { AppError } from '@contract/errors'
import { errorOf } from '../call'

/**
 * One server read a screen shows: the latest answer, `loading` while one is on its way, and the
 * failure for the screen's ErrorPanel. The action helper's sibling for reads: a newer load
 * supersedes one still on its way, so a late answer (an old filter, another key) never replaces
 * the current one. A failed reload keeps the last answer; the screen shows the failure over it.
 */
export class Loader<T> {
  value = $state.raw<T | undefined>()
  loading = $state(false)
  error = $state<AppError | undefined>()
  #seq = 0

  /** Whether this load's answer was applied (false: it failed, or a newer load superseded it). */
  async load(fn: () => Promise<T>): Promise<boolean> {
    const seq = ++this.#seq
    this.loading = true
    try {
      const value = await fn()
      if (seq !== this.#seq) return false
      ;[this.value, this.error] = [value, undefined]
      return true
    } catch (e) {
      if (seq === this.#seq) this.error = errorOf(e)
      return false
    } finally {
      if (seq === this.#seq) this.loading = false
    }
  }
}
