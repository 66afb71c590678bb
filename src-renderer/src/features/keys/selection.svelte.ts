import { SvelteSet } from 'svelte/reactivity'
import type { BulkTarget } from '@contract/schemas/bulk'
import type { KmsKey } from '@contract/schemas/kms'

/**
 * The keys ticked for a bulk action, by identity. A plain click toggles one key; a shift-click
 * selects the range from the last clicked row, in the order the list shows them.
 */
class KeySelection {
  readonly ids = new SvelteSet<string>()
  #anchor: number | undefined

  get count(): number {
    return this.ids.size
  }

  has(id: string): boolean {
    return this.ids.has(id)
  }

  click(rows: readonly KmsKey[], index: number, shift: boolean): void {
    const row = rows[index]
    if (!row) return
    if (shift && this.#anchor !== undefined) {
      const [a, b] = [Math.min(this.#anchor, index), Math.max(this.#anchor, index)]
      for (const k of rows.slice(a, b + 1)) this.ids.add(k.identity)
    } else if (this.ids.has(row.identity)) {
      this.ids.delete(row.identity)
    } else {
      this.ids.add(row.identity)
    }
    this.#anchor = index
  }

  selectAll(rows: readonly KmsKey[]): void {
    for (const k of rows) this.ids.add(k.identity)
  }

  clear(): void {
    this.ids.clear()
    this.#anchor = undefined
  }

  /** The selected keys among `keys` (a key no longer listed drops out), as bulk targets. */
  targets(keys: readonly KmsKey[], region: string): BulkTarget[] {
    return keys.filter((k) => this.ids.has(k.identity)).map((k) => ({ region, identity: k.identity, name: k.name }))
  }
}

export const selection = new KeySelection()
