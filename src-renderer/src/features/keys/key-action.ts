import type { KmsKey } from '@contract/schemas/kms'
import { Action } from '@lib/stores/action.svelte'
import { keysStore } from '@lib/stores/keys'
import { permissions } from '@lib/stores/permissions.svelte'
import type { Toasts } from '@lib/stores/toasts.svelte'

/**
 * An action on the keys of a region: failures are toasted, and a refusal for lack of write
 * access updates what the UI allows, so the other write actions show the reason too.
 */
export const keyAction = (toasts: Toasts, region: () => string): Action =>
  new Action({ errors: 'toast', toasts, onerror: (e) => permissions.noteError(e, region()) })

/** A lifecycle write: the server's copy shows at once, and the region's key lists are asked again. */
export async function writeKey(
  action: Action,
  region: string,
  done: string,
  fn: () => Promise<KmsKey>
): Promise<boolean> {
  const r = await action.run(fn, { done })
  if (r.ok) void keysStore.wrote(region, r.value)
  return r.ok
}
