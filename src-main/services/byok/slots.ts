import { randomUUID } from 'node:crypto'
import { ByokError } from './errors'

/** Default lifetime of a slot: long enough to fill in a wizard, short enough not to linger. */
export const DEFAULT_SLOT_TTL_MS = 10 * 60_000

interface Slot<T> {
  value: T
  timer: NodeJS.Timeout
  expiresAt: Date
}

/**
 * Values the wizard must keep in main between IPC calls (key material, bundles, wrapping keys),
 * named by an opaque random id. A slot ends when it is taken, discarded, or its time is up;
 * `onDestroy` runs then (for material: zero the bytes). The renderer only ever sees the id.
 */
export class SlotStore<T> {
  readonly #slots = new Map<string, Slot<T>>()

  constructor(
    private readonly what: string,
    private readonly onDestroy: (value: T) => void = () => undefined,
    private readonly ttlMs: number = DEFAULT_SLOT_TTL_MS
  ) {}

  put(value: T): { id: string; expiresAt: Date } {
    const id = randomUUID()
    const timer = setTimeout(() => this.discard(id), this.ttlMs)
    timer.unref() // never keep the process alive for a forgotten slot
    const expiresAt = new Date(Date.now() + this.ttlMs)
    this.#slots.set(id, { value, timer, expiresAt })
    return { id, expiresAt }
  }

  /** The value, still held; refused with a clear message when gone. */
  get(id: string): T {
    const slot = this.#slots.get(id)
    if (!slot) {
      throw new ByokError(
        'bad_input',
        `The ${this.what} is no longer held in memory (it was used, discarded, or expired after ${Math.round(this.ttlMs / 60_000)} minutes).`,
        `Load or generate the ${this.what} again.`
      )
    }
    return slot.value
  }

  /** Remove without destroying: the caller now owns the value. */
  take(id: string): T {
    const value = this.get(id)
    const slot = this.#slots.get(id)
    if (slot) clearTimeout(slot.timer)
    this.#slots.delete(id)
    return value
  }

  discard(id: string): boolean {
    const slot = this.#slots.get(id)
    if (!slot) return false
    clearTimeout(slot.timer)
    this.#slots.delete(id)
    this.onDestroy(slot.value)
    return true
  }

  discardAll(): void {
    for (const id of [...this.#slots.keys()]) this.discard(id)
  }

  get size(): number {
    return this.#slots.size
  }
}
