import { randomBytes } from 'node:crypto'
import { cancelled, FileError } from '../shared/file-errors'
import { wrapAll } from '../file-format/recipients'
import type { DataKeyWrapper, RecipientRef, WrappedRecipient } from '../file-format/types'

/**
 * How long one data key serves a batch: at most `files` files and `minutes` minutes, whichever
 * comes first. `files: 1` is one data key (and one KMS call per recipient) per file.
 */
export interface DataKeyLimits {
  files: number
  minutes: number
}

export const DEFAULT_DATA_KEY_LIMITS: DataKeyLimits = { files: 10_000, minutes: 60 }
const MAX_DATA_KEY_FILES = 1_000_000
const MAX_DATA_KEY_MINUTES = 1440

export function assertLimits(l: DataKeyLimits): void {
  if (!Number.isInteger(l.files) || l.files < 1 || l.files > MAX_DATA_KEY_FILES)
    throw new FileError(
      'bad_input',
      `Files per data key must be a whole number from 1 to ${MAX_DATA_KEY_FILES} (got ${l.files})`,
      { hint: 'Use 1 for one data key per file.' }
    )
  if (!Number.isInteger(l.minutes) || l.minutes < 1 || l.minutes > MAX_DATA_KEY_MINUTES)
    throw new FileError(
      'bad_input',
      `Minutes per data key must be a whole number from 1 to ${MAX_DATA_KEY_MINUTES} (got ${l.minutes})`
    )
}

/** A data key for one file: the caller owns (and zeroes) this copy of the key. */
export interface FileDataKey {
  dataKey: Uint8Array
  recipients: WrappedRecipient[]
}

export interface DataKeySource {
  acquire(signal?: AbortSignal): Promise<FileDataKey>
}

interface Generation {
  key: Uint8Array
  wrapped: Promise<WrappedRecipient[]>
  uses: number
  createdAt: number
}

/** One fresh data key per file (the default outside batches). */
export function perFileKeys(recipients: readonly RecipientRef[], wrapper: DataKeyWrapper): DataKeySource {
  return {
    async acquire(signal) {
      const dataKey = randomBytes(32)
      try {
        return { dataKey, recipients: await wrapAll(recipients, dataKey, wrapper, signal) }
      } catch (e) {
        dataKey.fill(0)
        throw e
      }
    }
  }
}

/** Waits for a promise other files share, giving up (not stopping it) when this file is cancelled. */
export function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p
  if (signal.aborted) return Promise.reject(cancelled())
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled())
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/**
 * The data keys of one encrypt batch with fixed recipients (docs/file-format.md §3.1). Files that
 * start while a key is still being wrapped wait for that same wrapping; a key that failed to wrap is
 * dropped so the next file tries a new one. Each file still gets its own salt, hence its own keys.
 */
export class BatchDataKeys implements DataKeySource {
  #current: Generation | undefined
  #closed = false
  /** The wrapping of a key is shared by many files, so no single file's cancel stops it; close() does. */
  readonly #batch = new AbortController()

  constructor(
    private readonly recipients: readonly RecipientRef[],
    private readonly wrapper: DataKeyWrapper,
    private readonly limits: DataKeyLimits = DEFAULT_DATA_KEY_LIMITS,
    private readonly now: () => number = Date.now
  ) {
    assertLimits(limits)
  }

  acquire(signal?: AbortSignal): Promise<FileDataKey> {
    if (this.#closed) return Promise.reject(cancelled())
    const g = this.#usable() ?? this.#rotate()
    g.uses++
    // The copy is taken when the wrapping settles, before a later rotation can zero the key.
    const copy = g.wrapped.then((recipients) => ({ dataKey: Uint8Array.from(g.key), recipients }))
    return raceAbort(copy, signal)
  }

  /** Zeroes the current key once its wrapping settled; later acquires are refused. */
  close(): void {
    this.#closed = true
    this.#retire()
    this.#batch.abort()
  }

  #usable(): Generation | undefined {
    const g = this.#current
    if (!g) return undefined
    if (g.uses >= this.limits.files || this.now() - g.createdAt >= this.limits.minutes * 60_000) {
      this.#retire()
      return undefined
    }
    return g
  }

  #rotate(): Generation {
    const key = randomBytes(32)
    // Frozen: every file of the key shares this list, so its header encoding is made once (header.ts).
    const wrapped = wrapAll(this.recipients, key, this.wrapper, this.#batch.signal).then((rs) => {
      const list = rs.map((r) => Object.freeze(r))
      Object.freeze(list)
      return list
    })
    const g: Generation = { key, uses: 0, createdAt: this.now(), wrapped }
    g.wrapped.catch(() => {
      key.fill(0)
      if (this.#current === g) this.#current = undefined
    })
    this.#current = g
    return g
  }

  #retire(): void {
    const g = this.#current
    this.#current = undefined
    if (g)
      void g.wrapped.then(
        () => g.key.fill(0),
        () => g.key.fill(0)
      )
  }
}
