import type { AppError } from '@contract/errors'
import type { KmsKey, ListFilter } from '@contract/schemas/kms'
import { call, errorOf } from '../call'
import type { KmsApi } from '../kms'

export type KeysApi = Pick<KmsApi, 'keys'>

/**
 * The keys of one region of one scope (optionally narrowed by a server filter), as the server
 * last answered. The list is held raw (not deeply reactive): 10,000 proxied keys would make every
 * filter pass slow, and keys are replaced whole, never mutated.
 */
export class KeyList {
  keys = $state.raw<KmsKey[]>([])
  loading = $state(false)
  error = $state<AppError | undefined>()
  /** When a refresh failed but keys from an earlier answer are still shown (marked stale). */
  staleSince = $state<string | undefined>()
  /** An answer arrived at least once. */
  loaded = $state(false)
  #loadedAt: string | undefined
  #seq = 0
  #pending: Promise<void> | undefined

  readonly #api: KeysApi
  readonly region: string
  readonly filter: ListFilter | undefined

  constructor(api: KeysApi, region: string, filter?: ListFilter) {
    this.#api = api
    this.region = region
    this.filter = filter
  }

  /** Asks the server unless an answer is already on its way (readers mounting together share one call). */
  load(): Promise<void> {
    return this.#pending ?? this.refresh()
  }

  /** Asks the server now; an answer to any earlier request is then ignored. */
  refresh(): Promise<void> {
    const seq = ++this.#seq
    this.loading = true
    const p = this.#fetch(seq).finally(() => {
      if (seq === this.#seq) [this.loading, this.#pending] = [false, undefined]
    })
    this.#pending = p
    return p
  }

  /**
   * After a scope change: answers still on their way belong to the old scope and are dropped.
   * Touches no reactive state, so a reader's `$derived` may call it while picking its list.
   */
  discard(): void {
    this.#seq++
    this.#pending = undefined
  }

  /** Replaces one key with the server's latest copy (after an action) or adds a new one. */
  upsert(key: KmsKey): void {
    const i = this.keys.findIndex((k) => k.identity === key.identity)
    if (i >= 0) this.keys = this.keys.with(i, key)
    else if (!this.filter) this.keys = [key, ...this.keys]
  }

  async #fetch(seq: number): Promise<void> {
    const region = this.region
    try {
      const keys = await call(this.#api.keys.list(this.filter ? { region, filter: this.filter } : { region }))
      if (seq !== this.#seq) return
      this.keys = keys
      this.error = this.staleSince = undefined
      this.loaded = true
      this.#loadedAt = new Date(Date.now()).toISOString() // eslint-disable-line svelte/prefer-svelte-reactivity -- a timestamp, never mutated
    } catch (e) {
      if (seq !== this.#seq) return
      this.error = errorOf(e)
      // Never replace loaded keys with an error: the same list stays, marked stale, with a retry.
      if (this.loaded && this.keys.length > 0) this.staleSince = this.#loadedAt
      else [this.keys, this.staleSince] = [[], undefined]
    }
  }
}
