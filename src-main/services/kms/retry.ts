/**
 * Retry policy: exponential backoff with full jitter (delay = random(0, min(cap, base·2^n))),
 * honouring Retry-After when the server gives one. Sleep and random are injectable for tests.
 */

export interface RetryOptions {
  /** Total attempts including the first. */
  maxAttempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Give up rather than wait longer than this in total (the retry budget of one call). */
  maxTotalDelayMs?: number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
}

export type RetryPolicy = Required<RetryOptions>

export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 502, 503, 504])

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const t = setTimeout(done, ms)
    function done(): void {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }
    function onAbort(): void {
      clearTimeout(t)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export function retryPolicy(o: RetryOptions = {}): RetryPolicy {
  return {
    // Eight attempts keep a call alive through a 30% fault rate (0.3^8 ≈ 7e-5 per call).
    maxAttempts: o.maxAttempts ?? 8,
    baseDelayMs: o.baseDelayMs ?? 100,
    maxDelayMs: o.maxDelayMs ?? 5_000,
    maxTotalDelayMs: o.maxTotalDelayMs ?? 30_000,
    sleep: o.sleep ?? abortableSleep,
    random: o.random ?? Math.random
  }
}

/** Retry-After is either delta-seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** Delay before retry number `attempt` (1 = first retry). */
export function backoffDelay(p: RetryPolicy, attempt: number, retryAfterMs?: number): number {
  const ceiling = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1))
  const jittered = Math.floor(p.random() * ceiling)
  // The server knows its own recovery time better than our schedule, but never wait past the cap.
  return retryAfterMs !== undefined ? Math.min(Math.max(retryAfterMs, jittered), p.maxDelayMs) : jittered
}
