import type { BulkAction, BulkKeyResult, BulkTarget } from '@contract/schemas/bulk'
import type { KmsKey } from '@contract/schemas/kms'
import type { KmsClient } from '../kms/client'
import { toAppError } from '../kms/errors'
import { backoffDelay, retryPolicy, type RetryOptions } from '../kms/retry'
import { actionSpec, type ActionSpec } from './actions'

export interface BulkRunOptions {
  client: KmsClient
  action: BulkAction
  targets: readonly BulkTarget[]
  /** Checked between keys: a key already started finishes, the rest end as `cancelled`. */
  signal?: AbortSignal
  /** Keys worked on at the same time (default 4). */
  concurrency?: number
  /** Sends of one action per key, counting the first (default 4). Backoff as in the KMS client. */
  retry?: RetryOptions
  onResult?: (index: number, r: BulkKeyResult) => void
}

/** Failures after which the action may have landed: the answer, not necessarily the request, was lost. */
const AMBIGUOUS = new Set(['network', 'timeout', 'server', 'region_unavailable', 'rate_limited', 'bad_response'])

function mayHaveLanded(e: unknown): boolean {
  const a = toAppError(e)
  return AMBIGUOUS.has(a.code) || (a.status !== undefined && a.status >= 500)
}

function failed(t: BulkTarget, attempts: number, e: unknown, prefix?: string): BulkKeyResult {
  const a = toAppError(e)
  return { ...t, outcome: 'failed', attempts, code: a.code, message: prefix ? `${prefix}: ${a.message}` : a.message }
}

/**
 * One key, safely: read it, skip it when already as asked, send the action once, and after an
 * ambiguous failure re-read and compare before sending again, so an action whose answer was lost
 * is never repeated (no key gets two rotations from one request).
 */
export async function runOne(
  c: KmsClient,
  spec: ActionSpec,
  t: BulkTarget,
  retry: RetryOptions = {}
): Promise<BulkKeyResult> {
  const policy = retryPolicy({ maxAttempts: 4, ...retry })
  let before: KmsKey
  try {
    before = await c.getKey(t.region, t.identity)
  } catch (e) {
    return failed(t, 0, e, 'Could not read the key; nothing was sent')
  }
  const pre = spec.precheck(before)
  if (pre.kind === 'satisfied') return { ...t, outcome: 'unchanged', attempts: 0, message: pre.message }
  if (pre.kind === 'refused')
    return { ...t, outcome: 'failed', attempts: 0, code: 'key_not_usable', message: pre.message }
  for (let attempt = 1; ; attempt++) {
    try {
      const after = await spec.send(c, t.region, t.identity)
      if (spec.reached(before, after)) return { ...t, outcome: 'done', attempts: attempt }
      return {
        ...t,
        outcome: 'failed',
        attempts: attempt,
        code: 'bad_response',
        message: `The KMS accepted the request but the key does not show it ${spec.done}; check the key.`
      }
    } catch (e) {
      if (!mayHaveLanded(e)) return failed(t, attempt, e)
      let now: KmsKey
      try {
        now = await c.getKey(t.region, t.identity)
      } catch (e2) {
        // Without a fresh read we cannot know whether it landed: never send again blind.
        return failed(
          t,
          attempt,
          e2,
          `The answer was lost and the key could not be read again, so it may or may not be ${spec.done}; check it`
        )
      }
      if (spec.reached(before, now)) return { ...t, outcome: 'done', attempts: attempt, confirmedByReread: true }
      if (attempt >= policy.maxAttempts) return failed(t, attempt, e, `Not ${spec.done} after ${attempt} attempts`)
      await policy.sleep(backoffDelay(policy, attempt))
    }
  }
}

/** Runs the action on every target, past failures, reporting each key's outcome as it ends. */
export async function runBulk(o: BulkRunOptions): Promise<BulkKeyResult[]> {
  const spec = actionSpec(o.action)
  const results: BulkKeyResult[] = o.targets.map((t) => ({ ...t, outcome: 'pending', attempts: 0 }))
  let next = 0
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++
      const t = o.targets[i]
      if (!t) return
      if (o.signal?.aborted) {
        results[i] = { ...t, outcome: 'cancelled', attempts: 0, message: 'Cancelled before this key was started.' }
      } else {
        o.onResult?.(i, { ...t, outcome: 'running', attempts: 0 })
        results[i] = await runOne(o.client, spec, t, o.retry)
      }
      o.onResult?.(i, results[i] as BulkKeyResult)
    }
  }
  const n = Math.max(1, Math.min(o.concurrency ?? 4, o.targets.length))
  await Promise.all(Array.from({ length: n }, worker))
  return results
}
