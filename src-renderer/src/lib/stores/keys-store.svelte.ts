import type { KmsKey, ListFilter } from '@contract/schemas/kms'
import { KeyList, type KeysApi } from './key-list.svelte'

/** Where keys live: the profile and project main calls with, and the region each call names. */
export interface KeyScope {
  profileId: string
  region: string
  project?: string | null | undefined
}

const contextOf = (s: KeyScope): string => JSON.stringify([s.profileId, s.project ?? null])
const idOf = (region: string, filter: ListFilter | undefined): string => JSON.stringify([region, filter ?? null])

/**
 * The renderer's one source of key lists: one list per region of the current scope, shared by
 * every screen that shows keys (Keys, Crypto, Files, the palette). Writes invalidate the lists of
 * their region; a change of profile or project drops every list, and answers still on their way
 * for the old scope are ignored.
 */
export class KeysStore {
  readonly #api: KeysApi
  #context: string | undefined
  // A lookup of lists, each reactive itself; nothing renders from the map.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #lists = new Map<string, KeyList>()

  constructor(api: KeysApi) {
    this.#api = api
  }

  /** The list of a region in this scope (with a server filter: at most one such list per region). */
  list(scope: KeyScope, filter?: ListFilter): KeyList {
    const context = contextOf(scope)
    if (context !== this.#context) {
      for (const l of this.#lists.values()) l.discard()
      this.#lists.clear()
      this.#context = context
    }
    const id = idOf(scope.region, filter)
    const have = this.#lists.get(id)
    if (have) return have
    if (filter) for (const [k, l] of this.#lists) if (l.region === scope.region && l.filter) this.#lists.delete(k)
    const made = new KeyList(this.#api, scope.region, filter)
    this.#lists.set(id, made)
    return made
  }

  /** After a write (or a user's refresh): every list of the region (all regions without one) asks again. */
  invalidate(region?: string): Promise<void> {
    const stale = [...this.#lists.values()].filter(
      (l) => (region === undefined || l.region === region) && (l.loaded || l.loading || l.error)
    )
    return Promise.all(stale.map((l) => l.refresh())).then(() => undefined)
  }

  /** The server's copy of a key after an action, shown at once while the lists reload. */
  upsert(region: string, key: KmsKey): void {
    for (const l of this.#lists.values()) if (l.region === region) l.upsert(key)
  }

  /** After a write: the server's copy now, and the whole region asked again (other keys may have changed too). */
  wrote(region: string, key?: KmsKey): Promise<void> {
    if (key) this.upsert(region, key)
    return this.invalidate(region)
  }
}
