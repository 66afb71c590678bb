import { raceAbort } from './batch-keys'
import type { DataKeyWrapper, RecipientRef } from '../file-format/types'

/**
 * The unwrapped data keys of one decrypt batch, keyed by region, key identity and the exact KMS
 * ciphertext: files encrypted in one batch share a data key, so they cost one KMS decrypt. Lives
 * in memory for the batch only; clear() zeroes every key. Callers get copies (they zero their own).
 */
export class UnwrapCache {
  readonly #keys = new Map<string, Promise<Uint8Array>>()
  readonly #settled: Uint8Array[] = []
  #batch = new AbortController()

  constructor(private readonly inner: DataKeyWrapper) {}

  /** A wrapper whose unwrap goes through this cache; wrap passes through. */
  get wrapper(): DataKeyWrapper {
    return {
      wrap: (r, dataKey, signal) => this.inner.wrap(r, dataKey, signal),
      unwrap: (r, ciphertext, signal) => this.#unwrap(r, ciphertext, signal)
    }
  }

  /** Distinct data keys held now (tests, diagnostics). */
  get size(): number {
    return this.#settled.length
  }

  clear(): void {
    for (const k of this.#settled.splice(0)) k.fill(0)
    this.#keys.clear()
    this.#batch.abort()
    this.#batch = new AbortController()
  }

  async #unwrap(r: RecipientRef, ciphertext: string, signal?: AbortSignal): Promise<Uint8Array> {
    const id = `${r.region}\u0000${r.identity}\u0000${ciphertext}`
    let p = this.#keys.get(id)
    if (!p) {
      // Not bound to one file's signal: other files of the batch may be waiting on the same call.
      p = this.inner.unwrap(r, ciphertext, this.#batch.signal).then((k) => {
        // A clear() while the call was in flight: keep nothing.
        if (this.#keys.get(id) === p) this.#settled.push(k)
        else k.fill(0)
        return k
      })
      this.#keys.set(id, p)
      // A failure is not remembered: the next file asks again (it may have been transient).
      p.catch(() => {
        if (this.#keys.get(id) === p) this.#keys.delete(id)
      })
    }
    const key = await raceAbort(p, signal)
    return Uint8Array.from(key)
  }
}
