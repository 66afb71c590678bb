import type { KmsKey } from '../../../../src-preload/contract/schemas/kms'
import { errorOf } from '../../lib/kms'
import { permissions } from '../../lib/stores/permissions.svelte'
import type { Toasts } from '../../lib/stores/toasts.svelte'

/**
 * Runs one lifecycle call: the view takes the server's response (never a local guess) and the
 * outcome is toasted. Resolves true on success. A refusal for lack of write access updates what
 * the UI allows, so the other write actions show the reason too.
 */
export async function runKeyAction(toasts: Toasts, done: string, fn: () => Promise<KmsKey>, onchange: (k: KmsKey) => void, region?: string): Promise<boolean> {
  try {
    const updated = await fn()
    onchange(updated)
    toasts.push('ok', done)
    return true
  } catch (e) {
    const err = errorOf(e)
    toasts.push('error', err.message, err.hint)
    permissions.noteError(err, region)
    return false
  }
}
