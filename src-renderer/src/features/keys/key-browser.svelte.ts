import type { AppError } from '../../../../src-preload/contract/errors'
import type { KeyType } from '../../../../src-preload/contract/schemas/key-types'
import type { KeyStatus, KmsKey, ListFilter } from '../../../../src-preload/contract/schemas/kms'
import { call, errorOf, kms } from '../../lib/kms'
import { filterKeys, parseLabelQuery, searchText, sortKeys, type Sort, type SortColumn } from './key-list'

/** Which list an answer belongs to: the same region and server filter. */
export const listKey = (region: string, filter: ListFilter | undefined): string => `${region}|${JSON.stringify(filter ?? {})}`

export type ServerField = 'name' | 'slug' | 'identity'

/**
 * State of the key browser. The list is held raw (not deeply reactive): 10,000 proxied keys
 * would make every filter pass slow, and keys are replaced whole, never mutated.
 */
export class KeyBrowser {
  keys = $state.raw<KmsKey[]>([])
  #texts = $derived(this.keys.map(searchText))
  loading = $state(false)
  error = $state<AppError | undefined>()
  loadedRegion = $state<string | undefined>()
  /** When a refresh failed but keys from an earlier answer are still shown (marked stale). */
  staleSince = $state<string | undefined>()
  #loadedKey: string | undefined

  /** Server filter: exact match on one field (the API's `identity`, `name`, `slug` query). */
  serverField = $state<ServerField>('name')
  serverValue = $state('')
  appliedServer = $state<ListFilter | undefined>()

  searchInput = $state('')
  search = $state('')
  status = $state<KeyStatus | ''>('')
  type = $state<KeyType | ''>('')
  labelQuery = $state('')
  sort = $state<Sort>({ column: 'createdAt', dir: 'desc' })
  selectedId = $state<string | undefined>()
  #loadedAt: string | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #seq = 0

  /** Set from the Overview: only the keys a posture finding names (label says which rule). */
  only = $state.raw<{ label: string; ids: ReadonlySet<string> } | undefined>()

  labels = $derived(parseLabelQuery(this.labelQuery))
  #matching = $derived(filterKeys(this.keys, this.#texts, { search: this.search, status: this.status, type: this.type, labels: this.labels.terms }))
  filtered = $derived(this.only ? this.#matching.filter((k) => this.only?.ids.has(k.identity)) : this.#matching)
  visible = $derived(sortKeys(this.filtered, this.sort))
  selected = $derived(this.keys.find((k) => k.identity === this.selectedId))
  localFiltered = $derived(this.only !== undefined || this.search.trim() !== '' || this.status !== '' || this.type !== '' || this.labels.terms.length > 0)

  /** Debounced: typing stays smooth, the filter runs once the user pauses for a moment. */
  setSearch(text: string, delayMs = 60): void {
    this.searchInput = text
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => (this.search = text), delayMs)
  }

  toggleSort(column: SortColumn): void {
    this.sort = this.sort.column === column ? { column, dir: this.sort.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: 'asc' }
  }

  clearLocal(): void {
    clearTimeout(this.#timer)
    this.searchInput = this.search = this.labelQuery = ''
    this.status = this.type = ''
    this.only = undefined
  }

  async load(region: string): Promise<void> {
    const seq = ++this.#seq
    this.loading = true
    try {
      const filter = this.appliedServer
      const keys = await call(kms.keys.list(filter ? { region, filter } : { region }))
      if (seq !== this.#seq) return
      this.keys = keys
      this.error = undefined
      this.staleSince = undefined
      this.#loadedKey = listKey(region, filter)
      this.#loadedAt = new Date(Date.now()).toISOString() // eslint-disable-line svelte/prefer-svelte-reactivity -- a timestamp, never mutated
    } catch (e) {
      if (seq !== this.#seq) return
      this.error = errorOf(e)
      // Never replace loaded keys with an error: the same list stays, marked stale, with a retry.
      if (this.#loadedKey === listKey(region, this.appliedServer) && this.keys.length > 0) this.staleSince = this.#loadedAt
      else {
        this.keys = []
        this.staleSince = undefined
      }
    } finally {
      if (seq === this.#seq) {
        this.loading = false
        this.loadedRegion = region
      }
    }
  }

  applyServerFilter(region: string): Promise<void> {
    const v = this.serverValue.trim()
    this.appliedServer = v === '' ? undefined : { [this.serverField]: v }
    return this.load(region)
  }

  clearServerFilter(region: string): Promise<void> {
    this.serverValue = ''
    this.appliedServer = undefined
    return this.load(region)
  }

  /** Replaces one key with the server's latest copy (after an action) or adds a new one. */
  upsert(key: KmsKey): void {
    const i = this.keys.findIndex((k) => k.identity === key.identity)
    this.keys = i < 0 ? [key, ...this.keys] : this.keys.with(i, key)
  }
}
