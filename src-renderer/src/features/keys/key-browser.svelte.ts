import type { KeyType } from '@contract/schemas/key-types'
import type { KeyStatus, ListFilter } from '@contract/schemas/kms'
import type { KeyScope, KeysStore } from '@lib/stores/keys-store.svelte'
import { filterKeys, parseLabelQuery, searchText, sortKeys, type Sort, type SortColumn } from './key-list'

export type ServerField = 'name' | 'slug' | 'identity'

/**
 * State of the key browser: filters, sort and the open key over the keys store's list of the
 * scope it is shown for (the server filter picks a list of its own).
 */
export class KeyBrowser {
  readonly #store: KeysStore
  scope = $state.raw<KeyScope | undefined>()

  /** Server filter: exact match on one field (the API's `identity`, `name`, `slug` query). */
  serverField = $state<ServerField>('name')
  serverValue = $state('')
  appliedServer = $state.raw<ListFilter | undefined>()

  searchInput = $state('')
  search = $state('')
  status = $state<KeyStatus | ''>('')
  type = $state<KeyType | ''>('')
  labelQuery = $state('')
  sort = $state<Sort>({ column: 'createdAt', dir: 'desc' })
  selectedId = $state<string | undefined>()
  #timer: ReturnType<typeof setTimeout> | undefined

  list = $derived.by(() => (this.scope ? this.#store.list(this.scope, this.appliedServer) : undefined))
  keys = $derived(this.list?.keys ?? [])
  loading = $derived(this.list?.loading ?? false)
  error = $derived(this.list?.error)
  staleSince = $derived(this.list?.staleSince)
  #texts = $derived(this.keys.map(searchText))

  /** Set from the Overview: only the keys a posture finding names (label says which rule). */
  only = $state.raw<{ label: string; ids: ReadonlySet<string> } | undefined>()

  labels = $derived(parseLabelQuery(this.labelQuery))
  #matching = $derived(
    filterKeys(this.keys, this.#texts, {
      search: this.search,
      status: this.status,
      type: this.type,
      labels: this.labels.terms
    })
  )
  filtered = $derived(this.only ? this.#matching.filter((k) => this.only?.ids.has(k.identity)) : this.#matching)
  visible = $derived(sortKeys(this.filtered, this.sort))
  selected = $derived(this.keys.find((k) => k.identity === this.selectedId))
  localFiltered = $derived(
    this.only !== undefined ||
      this.search.trim() !== '' ||
      this.status !== '' ||
      this.type !== '' ||
      this.labels.terms.length > 0
  )

  /** Debounced: typing stays smooth, the filter runs once the user pauses for a moment. */
  setSearch(text: string, delayMs = 60): void {
    this.searchInput = text
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => (this.search = text), delayMs)
  }

  toggleSort(column: SortColumn): void {
    this.sort =
      this.sort.column === column ? { column, dir: this.sort.dir === 'asc' ? 'desc' : 'asc' } : { column, dir: 'asc' }
  }

  clearLocal(): void {
    clearTimeout(this.#timer)
    this.searchInput = this.search = this.labelQuery = ''
    this.status = this.type = ''
    this.only = undefined
  }

  constructor(store: KeysStore) {
    this.#store = store
  }

  /** Asks the server for the list shown (a Refresh, a retry). */
  reload(): Promise<void> {
    return this.list?.refresh() ?? Promise.resolve()
  }

  applyServerFilter(): Promise<void> {
    const v = this.serverValue.trim()
    this.appliedServer = v === '' ? undefined : ({ [this.serverField]: v } satisfies ListFilter)
    return this.reload()
  }

  clearServerFilter(): Promise<void> {
    this.serverValue = ''
    this.appliedServer = undefined
    return this.reload()
  }
}
