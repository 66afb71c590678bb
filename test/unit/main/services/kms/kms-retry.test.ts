import { describe, expect, it } from 'vitest'
import { MockAgent } from 'undici'
import { KmsClient } from '../../../../../src-main/services/kms/client'
import { abortableSleep, backoffDelay, parseRetryAfter, retryPolicy } from '../../../../../src-main/services/kms/retry'

describe('backoff', () => {
  it('full jitter: uniformly below min(cap, base·2^n)', () => {
    const hi = retryPolicy({ random: () => 0.999999, baseDelayMs: 100, maxDelayMs: 1000 })
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(hi, n))).toEqual([99, 199, 399, 799, 999])
    const lo = retryPolicy({ random: () => 0 })
    expect(backoffDelay(lo, 3)).toBe(0)
  })

  it('Retry-After wins over the schedule but is capped', () => {
    const p = retryPolicy({ random: () => 0, maxDelayMs: 5000 })
    expect(backoffDelay(p, 1, 2000)).toBe(2000)
    expect(backoffDelay(p, 1, 60_000)).toBe(5000)
  })

  it('parses Retry-After as seconds or an HTTP date, ignores junk', () => {
    expect(parseRetryAfter('3')).toBe(3000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(parseRetryAfter(undefined)).toBeUndefined()
  })

  it('abortableSleep rejects when aborted', async () => {
    const ac = new AbortController()
    const p = abortableSleep(10_000, ac.signal)
    ac.abort(new Error('stop'))
    await expect(p).rejects.toThrow('stop')
  })
})

describe('retry behaviour of the client', () => {
  const origin = 'https://kms.example.test'
  const mk = (agent: MockAgent, extra: object = {}): { c: KmsClient; slept: number[] } => {
    const slept: number[] = []
    const c = new KmsClient({
      endpoint: origin,
      organisation: 'o',
      auth: { authorization: async () => 'Token tc_pat_x' },
      dispatcher: agent,
      retry: { sleep: async (ms) => void slept.push(ms), random: () => 0, ...extra }
    })
    return { c, slept }
  }
  const summary = { featureEnabled: true, regions: [] }

  it('honours Retry-After on 429 and then succeeds', async () => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    agent
      .get(origin)
      .intercept({ path: '/v1/kms/summary' })
      .reply(429, { message: 'slow' }, { headers: { 'retry-after': '2' } })
    agent.get(origin).intercept({ path: '/v1/kms/summary' }).reply(200, summary)
    const { c, slept } = mk(agent)
    expect((await c.summary()).featureEnabled).toBe(true)
    expect(slept).toEqual([2000])
    await agent.close()
  })

  it('stops when the total retry budget would be exceeded', async () => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    agent
      .get(origin)
      .intercept({ path: '/v1/kms/summary' })
      .reply(503, 'x', { headers: { 'retry-after': '4' } })
      .times(5)
    const { c, slept } = mk(agent, { maxTotalDelayMs: 10_000 })
    await expect(c.summary()).rejects.toMatchObject({ appError: { code: 'server', status: 503 } })
    expect(slept).toEqual([4000, 4000])
    await agent.close()
  })

  it('does not retry 400/404/500', async () => {
    for (const status of [400, 404, 500]) {
      const agent = new MockAgent()
      agent.disableNetConnect()
      agent.get(origin).intercept({ path: '/v1/kms/summary' }).reply(status, { message: 'no' })
      const { c, slept } = mk(agent)
      await expect(c.summary()).rejects.toMatchObject({ appError: { status } })
      expect(slept).toEqual([])
      await agent.close()
    }
  })

  it('on 401 invalidates the auth provider once and retries with a fresh header', async () => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    const pool = agent.get(origin)
    pool
      .intercept({ path: '/v1/kms/summary', headers: { authorization: 'Bearer old' } })
      .reply(401, { message: 'expired' })
    pool.intercept({ path: '/v1/kms/summary', headers: { authorization: 'Bearer new' } }).reply(200, summary)
    let token = 'old'
    let invalidated = 0
    const c = new KmsClient({
      endpoint: origin,
      organisation: 'o',
      dispatcher: agent,
      auth: {
        authorization: async () => `Bearer ${token}`,
        invalidate: () => {
          invalidated++
          token = 'new'
        }
      }
    })
    expect((await c.summary()).featureEnabled).toBe(true)
    expect(invalidated).toBe(1)
    pool.intercept({ path: '/v1/kms/summary' }).reply(401, { message: 'nope' }).times(2)
    await expect(c.summary()).rejects.toMatchObject({ appError: { code: 'unauthorized' } })
    expect(invalidated).toBe(2)
    await agent.close()
  })
})
