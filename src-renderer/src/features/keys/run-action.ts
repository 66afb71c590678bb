import type { KmsKey } from '../../../../src-preload/contract/schemas/kms'
import { errorOf } from '../../lib/kms'
import type { Toasts } from '../../lib/stores/toasts.svelte'

/**
 * Runs one lifecycle call: the view takes the server's response (never a local guess) and the
 * outcome is toasted. Resolves true on success.
 */
export async function runKeyAction(toasts: Toasts, done: string, fn: () => Promise<KmsKey>, onchange: (k: KmsKey) => void): Promise<boolean> {
  try {
    const updated = await fn()
    onchange(updated)
    toasts.push('ok', done)
    return true
  } catch (e) {
    const err = errorOf(e)
    toasts.push('error', err.message, err.hint)
    return false
  }
}
