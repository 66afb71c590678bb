import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import type { RetryInfo } from '../../../../../src-main/services/kms/http'
import { b64, clientFor, openSandbox, type Sandbox } from '../sandbox-harness'
import { seeded } from '../../../../support/seeded'

/**
 * The sandbox injects faults with a seeded dice, so each run sees the same sequence. The client
 * keeps its default retry budget (8 attempts, 30 s of backoff in total); only the waiting itself is
 * skipped, the delays are still computed and counted against the budget.
 */
let t: Sandbox
let retries: RetryInfo[]
let client: KmsClient
const delays: number[] = []

beforeAll(async () => {
  t = await openSandbox({ random: seeded(20240611) })
  client = clientFor(t.sb.url, {
    retry: { sleep: async (ms) => void delays.push(ms) },
    onRetry: (i) => retries.push(i)
  })
  await client.createKey('nl-01', { name: 'faulty', keyType: 'aes256-gcm96' })
})
afterEach(() => {
  t.sb.setFaults({ errorRate: 0, resetRate: 0, resetAfterHandlingRate: 0 })
})
afterAll(async () => {
  await client.close()
  await t.stop()
})

/** One call after another, so the seeded dice meet the requests in the same order on every run. */
async function sequence<T>(n: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = []
  for (let i = 0; i < n; i++) out.push(await fn(i))
  return out
}

describe('client against a faulty sandbox', () => {
  it('200 encrypt calls with 30% of requests failing (503s and resets) all succeed within the retry budget', async () => {
    retries = []
    delays.length = 0
    // 15% resets, then 18% of the rest answered 503: about 30% of all requests fail.
    t.sb.setFaults({ resetRate: 0.15, errorRate: 0.18, errorStatus: 503 })
    const results = await sequence(200, (i) => client.encrypt('nl-01', 'faulty', { plaintext: b64(`message ${i}`) }))
    t.sb.setFaults({ resetRate: 0, errorRate: 0 })

    expect(results.every((r) => /^thalassa:v1:/.test(r.ciphertext))).toBe(true)
    const reasons = new Set(retries.map((r) => r.reason))
    expect(reasons).toEqual(new Set(['network', 'region_unavailable']))
    // About 0.3/0.7 ≈ 0.43 retries per call; the run must really have been faulty.
    expect(retries.length).toBeGreaterThan(50)
    expect(retries.length).toBeLessThan(140)
    expect(Math.max(...retries.map((r) => r.attempt))).toBeLessThan(8)
    expect(delays.every((d) => d >= 0 && d <= 5_000)).toBe(true)
    const back = await Promise.all(
      results.slice(0, 20).map((r) => client.decrypt('nl-01', 'faulty', { ciphertext: r.ciphertext }))
    )
    expect(back.map((p) => Buffer.from(p.plaintext, 'base64').toString())).toEqual(
      Array.from({ length: 20 }, (_, i) => `message ${i}`)
    )
  })

  it('a create whose answer is lost after the sandbox made the key returns that key, and exactly one exists', async () => {
    retries = []
    t.sb.setFaults({ resetAfterHandlingRate: 1 })
    const c = clientFor(t.sb.url, {
      retry: { sleep: async () => undefined },
      // The first answer is lost; heal the connection before the client looks the key up.
      onRetry: (i) => {
        retries.push(i)
        t.sb.setFaults({ resetAfterHandlingRate: 0 })
      }
    })
    try {
      const k = await c.createKey('nl-01', { name: 'lost-answer', keyType: 'aes256-gcm96' })
      expect(retries.map((r) => [r.method, r.reason])).toEqual([['POST', 'network']])
      const listed = await c.listKeys('nl-01', { name: 'lost-answer' })
      expect(listed.map((x) => x.identity)).toEqual([k.identity])
    } finally {
      await c.close()
    }
  })

  it('20 creates through lost answers, resets and 503s make 20 keys, each once', async () => {
    retries = []
    t.sb.setFaults({ resetAfterHandlingRate: 0.3, resetRate: 0.1, errorRate: 0.1 })
    const names = Array.from({ length: 20 }, (_, i) => `batch-${i}`)
    const made = await sequence(names.length, (i) =>
      client.createKey('nl-01', { name: names[i]!, keyType: 'aes128-gcm96' })
    )
    t.sb.setFaults({ resetAfterHandlingRate: 0, resetRate: 0, errorRate: 0 })

    expect(made.map((k) => k.name)).toEqual(names)
    expect(retries.filter((r) => r.method === 'POST').length).toBeGreaterThan(3)
    const all = (await client.listKeys('nl-01')).filter((k) => k.name.startsWith('batch-'))
    expect(all.map((k) => k.name).sort()).toEqual([...names].sort())
    expect(new Set(made.map((k) => k.identity))).toEqual(new Set(all.map((k) => k.identity)))
  })
})
