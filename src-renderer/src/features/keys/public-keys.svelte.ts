import type { PublicKeyVersion } from '@contract/channels/kms'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'
import { Loader } from '@lib/stores/loader.svelte'
import type { Toasts } from '@lib/stores/toasts.svelte'

export type PublicKeysApi = Pick<KmsApi, 'keys'>
type Ref = { region: string; id: string }

/** The public key versions of one key, and their saving to files (each save toasted). */
export class PublicKeys {
  readonly versions = new Loader<PublicKeyVersion[]>()
  /** The version the user picked; the newest when none (or one the key no longer has). */
  picked = $state<number | undefined>()
  current = $derived(this.versions.value?.find((v) => v.version === this.picked) ?? this.versions.value?.[0])
  readonly action: Action
  readonly #api: PublicKeysApi
  #shown: string | undefined

  constructor(api: PublicKeysApi, toasts: Pick<Toasts, 'push'>) {
    this.#api = api
    this.action = new Action({ errors: 'toast', toasts })
  }

  /** Loads the key's versions; another key's versions are never shown while its own load. */
  load(ref: Ref): Promise<boolean> {
    const shown = JSON.stringify([ref.region, ref.id])
    if (shown !== this.#shown) [this.#shown, this.versions.value, this.picked] = [shown, undefined, undefined]
    return this.versions.load(() => call(this.#api.keys.publicKey(ref)))
  }

  async save(ref: Ref, format: 'pem' | 'der' | 'jwk'): Promise<void> {
    const version = this.current?.version
    if (version === undefined) return
    await this.action.run(() => call(this.#api.keys.savePublicKey({ ...ref, version, format })), {
      done: (r) =>
        r.cancelled
          ? { kind: 'info', text: 'Save cancelled' }
          : {
              kind: 'ok',
              text: `Saved public key v${version} (${format.toUpperCase()})`,
              ...(r.path ? { hint: r.path } : {})
            }
    })
  }
}
