import type { DataKeyWrapper } from '../file-format/types'

/** KMS calls in flight at once across all file jobs; file I/O has its own limit (the Files queue). */
const DEFAULT_KMS_CONCURRENCY = 8

/**
 * A counting semaphore: at most `limit` tasks run, the rest wait in arrival order. A waiter whose
 * signal aborts leaves the queue without taking a slot.
 */
export class Lane {
  #active = 0
  readonly #waiting: (() => void)[] = []

  constructor(readonly limit: number = DEFAULT_KMS_CONCURRENCY) {}

  get active(): number {
    return this.#active
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#enter(signal)
    try {
      return await task()
    } finally {
      this.#active--
      this.#waiting.shift()?.()
    }
  }

  #enter(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (this.#active < this.limit) {
      this.#active++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort)
        this.#active++
        resolve()
      }
      const onAbort = (): void => {
        const i = this.#waiting.indexOf(go)
        if (i >= 0) this.#waiting.splice(i, 1)
        reject(signal?.reason)
      }
      this.#waiting.push(go)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}

/**
 * KMS wrap/unwrap calls through a lane of their own, so thousands of queued files never become
 * thousands of simultaneous KMS requests. Retries (429/503 with Retry-After, backoff with jitter)
 * happen inside the KMS client (services/kms/retry.ts) and hold their slot meanwhile, which slows
 * the whole lane down while the service asks for it.
 */
export function laneWrapper(inner: DataKeyWrapper, lane: Lane): DataKeyWrapper {
  return {
    wrap: (r, dataKey, signal) => lane.run(() => inner.wrap(r, dataKey, signal), signal),
    unwrap: (r, ciphertext, signal) => lane.run(() => inner.unwrap(r, ciphertext, signal), signal)
  }
}
