import { afterEach, describe, expect, it } from 'vitest'
import { MockAgent } from 'undici'
import { KmsClient, KmsError, type AuthProvider } from '../../../../../src-main/services/kms/client'
import type { RetryInfo } from '../../../../../src-main/services/kms/http'
import { FakeKms } from '../fake-kms'

const auth: AuthProvider = { authorization: async () => 'Token tc_pat_sandbox_admin' }
const b64 = (s: string): string => Buffer.from(s).toString('base64')

const cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.()
})

async function setup(): Promise<{ fake: FakeKms; client: KmsClient; retries: RetryInfo[]; slept: number[] }> {
  const fake = await new FakeKms().start()
  const retries: RetryInfo[] = []
  const slept: number[] = []
  // Real backoff schedule, but the sleeps are recorded instead of waited.
  const client = new KmsClient({
    endpoint: fake.url,
    organisation: 'sandbox',
    auth,
    retry: { sleep: async (ms) => void slept.push(ms) },
    onRetry: (i) => retries.push(i)
  })
  cleanup.push(
    () => fake.stop(),
    () => client.close()
  )
  return { fake, client, retries, slept }
}

describe('fault tolerance', () => {
  it('200 encrypt calls with 30% injected 503/502/504/429/resets all succeed within the retry budget', async () => {
    const { fake, client, retries, slept } = await setup()
    await client.createKey('nl-01', { name: 'k', keyType: 'aes256-gcm96' })
    fake.setFaults({ rate: 0.3, kinds: ['503', '502', '504', '429', 'reset'], seed: 7, match: /\/encrypt$/ })
    const results: string[] = []
    for (let batch = 0; batch < 20; batch++) {
      const out = await Promise.all(
        Array.from({ length: 10 }, (_, i) => client.encrypt('nl-01', 'k', { plaintext: b64(`m${batch * 10 + i}`) }))
      )
      results.push(...out.map((r) => r.ciphertext))
    }
    expect(results).toHaveLength(200)
    expect(new Set(results).size).toBe(200)
    expect(fake.stats.faults).toBeGreaterThan(40)
    // Each fault cost exactly one retry; no call needed more than the budget of 8 attempts.
    expect(retries).toHaveLength(fake.stats.faults)
    expect(Math.max(...retries.map((r) => r.attempt))).toBeLessThan(8)
    expect(fake.requests.filter((r) => r.path.endsWith('/encrypt'))).toHaveLength(200 + fake.stats.faults)
    expect(slept.every((ms) => ms >= 0 && ms <= 5_000)).toBe(true)
    fake.setFaults(undefined)
    expect((await client.decrypt('nl-01', 'k', { ciphertext: results[123] ?? '' })).plaintext).toBe(b64('m123'))
  })

  it('a create whose response is lost creates exactly one key (lookup by name before retrying)', async () => {
    const { fake, client } = await setup()
    fake.loseNextCreateResponse = true
    const key = await client.createKey('nl-01', { name: 'lost-response', keyType: 'aes256-gcm96' })
    expect(fake.stats.creates).toBe(1)
    expect([...fake.keys.values()].map((k) => k.identity)).toEqual([key.identity])
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/kms/nl-01/keys')
    expect(posts).toHaveLength(1)
    expect(fake.requests.some((r) => r.path === '/v1/kms/nl-01/keys?name=lost-response')).toBe(true)
  })

  it('a create lost while the lookup itself sees faults still creates exactly one key', async () => {
    const { fake, client } = await setup()
    fake.loseNextCreateResponse = true
    fake.setFaults({ rate: 0.5, kinds: ['503', 'reset'], seed: 3, match: /\/keys$/ })
    const key = await client.createKey('nl-01', { name: 'flaky', keyType: 'rsa-2048' })
    expect(fake.stats.creates).toBe(1)
    expect(fake.keys.has(key.identity)).toBe(true)
  })

  it('a create rejected before it reached the KMS (503) is sent again after the lookup finds nothing', async () => {
    const { fake, client } = await setup()
    fake.setFaults({ rate: 1, kinds: ['503'], match: /^\/v1\/kms\/nl-01\/keys$/, limit: 1 })
    const key = await client.createKey('nl-01', { name: 'second-try', keyType: 'aes256-gcm96' })
    expect(fake.stats).toMatchObject({ creates: 1, faults: 1 })
    expect(key.name).toBe('second-try')
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v1/kms/nl-01/keys',
      'GET /v1/kms/nl-01/keys?name=second-try',
      'POST /v1/kms/nl-01/keys'
    ])
  })

  it('a 409 on create is not retried', async () => {
    const { fake, client } = await setup()
    await client.createKey('nl-01', { name: 'dup', keyType: 'aes256-gcm96' })
    const before = fake.requests.length
    await expect(client.createKey('nl-01', { name: 'dup', keyType: 'aes256-gcm96' })).rejects.toMatchObject({
      appError: { code: 'conflict_slug' }
    })
    expect(fake.requests.length - before).toBe(1)
  })

  it('after an ambiguous failure, a different pre-existing key with that name is reported as a conflict, not returned', async () => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    cleanup.push(() => agent.close())
    const pool = agent.get('https://kms.example.test')
    pool.intercept({ path: '/v1/kms/nl-01/keys', method: 'POST' }).reply(504, 'gateway timeout')
    const old = {
      identity: 'kms-old',
      name: 'n',
      slug: 'n',
      keyType: 'hmac',
      status: 'active',
      createdAt: '2020-01-01T00:00:00Z',
      updatedAt: '2020-01-01T00:00:00Z'
    }
    pool.intercept({ path: '/v1/kms/nl-01/keys?name=n', method: 'GET' }).reply(200, [old])
    const c = new KmsClient({
      endpoint: 'https://kms.example.test',
      organisation: 'o',
      auth,
      dispatcher: agent,
      retry: { sleep: async () => undefined }
    })
    const e = await c.createKey('nl-01', { name: 'n', keyType: 'aes256-gcm96' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(KmsError)
    expect((e as KmsError).appError).toMatchObject({ code: 'conflict_slug', field: 'name' })
  })

  it('state-changing calls (rotate) are never retried, even on 503', async () => {
    const agent = new MockAgent()
    agent.disableNetConnect()
    cleanup.push(() => agent.close())
    const pool = agent.get('https://kms.example.test')
    pool.intercept({ path: '/v1/kms/nl-01/keys/k/rotate', method: 'POST' }).reply(503, { message: 'busy' })
    let sleeps = 0
    const c = new KmsClient({
      endpoint: 'https://kms.example.test',
      organisation: 'o',
      auth,
      dispatcher: agent,
      retry: { sleep: async () => void sleeps++ }
    })
    await expect(c.rotate('nl-01', 'k')).rejects.toMatchObject({
      appError: { code: 'region_unavailable', status: 503 }
    })
    expect(sleeps).toBe(0)
    agent.assertNoPendingInterceptors()
  })
})
