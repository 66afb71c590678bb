import {
  BatchDataKeys,
  DEFAULT_DATA_KEY_LIMITS,
  perFileKeys,
  type DataKeyLimits,
  type DataKeySource
} from '../files/batch-keys'
import { UnwrapCache } from '../files/unwrap-cache'
import type { DataKeyWrapper } from '../file-format/types'

/**
 * What the files of one request share: for encrypt, the batch's data keys; for anything that
 * opens files, the unwrapped data keys. Both are zeroed when the last file of the batch finishes.
 */
export class FileBatch {
  readonly keys: DataKeySource | undefined
  readonly #shared: BatchDataKeys | undefined
  readonly #cache: UnwrapCache
  #remaining: number

  constructor(o: {
    operation: string
    recipients?: readonly { region: string; identity: string; slug: string }[]
    wrapper: DataKeyWrapper
    limits?: DataKeyLimits
    files: number
  }) {
    this.#cache = new UnwrapCache(o.wrapper)
    const limits = o.limits ?? DEFAULT_DATA_KEY_LIMITS
    if (o.operation === 'encrypt' && o.recipients?.length) {
      // One file per key is exactly the unbatched path: each file wraps its own key under its own cancel.
      this.#shared = limits.files === 1 ? undefined : new BatchDataKeys(o.recipients, o.wrapper, limits)
      this.keys = this.#shared ?? perFileKeys(o.recipients, o.wrapper)
    }
    this.#remaining = o.files
    if (o.files === 0) this.close()
  }

  /** The wrapper files of this batch use: unwraps go through the batch cache. */
  get wrapper(): DataKeyWrapper {
    return this.#cache.wrapper
  }

  /** Distinct data keys unwrapped and still held. */
  get cachedKeys(): number {
    return this.#cache.size
  }

  /** One file of the batch finished (in any state); the last one closes the batch. */
  fileDone(): void {
    if (--this.#remaining === 0) this.close()
  }

  close(): void {
    this.#shared?.close()
    this.#cache.clear()
  }
}
