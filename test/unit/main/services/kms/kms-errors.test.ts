import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { MockAgent } from 'undici'
import { KmsClient, KmsError, type AuthProvider } from '../../../../../src-main/services/kms/client'
import { KMS_ERROR_CODES, type AppErrorCode } from '@contract/errors'
import { FakeKms } from '../fake-kms'

const auth = (t: string): AuthProvider => ({ authorization: async () => `Token ${t}` })
const noSleep = { sleep: async () => undefined }
const b64 = (s: string): string => Buffer.from(s).toString('base64')

async function codeOf(p: Promise<unknown>): Promise<KmsError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(KmsError)
  return e as KmsError
}

let fake: FakeKms
let admin: KmsClient
const seen = new Set<AppErrorCode>()
const check = async (p: Promise<unknown>, code: AppErrorCode, status?: number): Promise<KmsError> => {
  const e = await codeOf(p)
  expect(e.appError.code).toBe(code)
  if (status !== undefined) expect(e.appError.status).toBe(status)
  expect(e.appError.hint?.length).toBeGreaterThan(10)
  expect(e.message).not.toMatch(/tc_pat_sandbox|\n\s+at /)
  seen.add(code)
  return e
}

beforeAll(async () => {
  fake = await new FakeKms().start()
  admin = new KmsClient({
    endpoint: fake.url,
    organisation: 'sandbox',
    auth: auth('tc_pat_sandbox_admin'),
    retry: { ...noSleep, maxAttempts: 2 }
  })
  await admin.createKey('nl-01', { name: 'sym', keyType: 'aes256-gcm96' })
  await admin.createKey('nl-01', { name: 'ed', keyType: 'ed25519' })
})
afterAll(async () => {
  await admin.close()
  await fake.stop()
  // Every code of the KMS taxonomy is produced by at least one case in this file.
  expect([...seen].sort()).toEqual([...KMS_ERROR_CODES].sort())
})

describe('error taxonomy against the fake', () => {
  it('401 → unauthorized, with no token in the message', async () => {
    const c = new KmsClient({ endpoint: fake.url, organisation: 'sandbox', auth: auth('tc_pat_wrong_secret_value') })
    const e = await check(c.summary(), 'unauthorized', 401)
    expect(JSON.stringify(e.appError)).not.toContain('tc_pat_wrong_secret_value')
    await c.close()
  })

  it('403 → kms_not_enabled naming the organisation', async () => {
    const c = new KmsClient({ endpoint: fake.url, organisation: 'no-kms', auth: auth('tc_pat_sandbox_admin') })
    const e = await check(c.listKeys('nl-01'), 'kms_not_enabled', 403)
    expect(e.appError.message).toContain('KMS feature is not enabled')
    await c.close()
  })

  it("404 → not_found_or_no_access with the documented hint; a reader's masked 404 on a readable key → no_write_access", async () => {
    const e = await check(admin.getKey('nl-01', 'nope'), 'not_found_or_no_access', 404)
    expect(e.appError.hint).toContain('does not exist in this region and project, or your token lacks access')
    const reader = new KmsClient({ endpoint: fake.url, organisation: 'sandbox', auth: auth('tc_pat_sandbox_reader') })
    await check(reader.encrypt('nl-01', 'sym', { plaintext: b64('x') }), 'no_write_access', 404)
    expect((await reader.getKey('nl-01', 'sym')).name).toBe('sym')
    await reader.close()
  })

  it('400 splits into validation, key_not_usable and wrong_operation', async () => {
    await check(admin.decrypt('nl-01', 'sym', { ciphertext: 'garbage' }), 'validation', 400)
    await check(admin.encrypt('nl-01', 'ed', { plaintext: b64('x') }), 'wrong_operation', 400)
    await admin.disable('nl-01', 'sym')
    const e = await check(admin.encrypt('nl-01', 'sym', { plaintext: b64('x') }), 'key_not_usable', 400)
    expect(e.appError.message).toContain('key is disabled')
    await admin.enable('nl-01', 'sym')
  })

  it('409 → conflict_slug on field name', async () => {
    const e = await check(admin.createKey('nl-01', { name: 'sym', keyType: 'aes256-gcm96' }), 'conflict_slug', 409)
    expect(e.appError.field).toBe('name')
  })

  it('503 on a region without KMS → region_unavailable naming the region, and no retry once the summary says so', async () => {
    const e = await check(admin.listKeys('de-01'), 'region_unavailable', 503)
    expect(e.appError.hint).toContain('region de-01')
    await admin.summary()
    const before = fake.requests.length
    await check(admin.listKeys('de-01'), 'region_unavailable', 503)
    await check(admin.createKey('de-01', { name: 'nowhere', keyType: 'aes256-gcm96' }), 'region_unavailable', 503)
    expect(fake.requests.length - before).toBe(2)
  })

  it('network: connection refused', async () => {
    const dead = await new FakeKms().start()
    const url = dead.url
    await dead.stop()
    const c = new KmsClient({
      endpoint: url,
      organisation: 'sandbox',
      auth: auth('tc_pat_sandbox_admin'),
      retry: { ...noSleep, maxAttempts: 2 }
    })
    const e = await check(c.summary(), 'network')
    expect(e.appError.message).toContain('ECONNREFUSED')
    await c.close()
  })

  it('timeout: headers timeout', async () => {
    // undici checks timeouts on a coarse (~1 s) clock, so the server stalls for longer than that.
    const slow = await new FakeKms({ delayMs: 1500 }).start()
    const c = new KmsClient({
      endpoint: slow.url,
      organisation: 'sandbox',
      auth: auth('tc_pat_sandbox_admin'),
      timeouts: { headersMs: 100 },
      retry: { ...noSleep, maxAttempts: 1 }
    })
    await check(c.summary(), 'timeout')
    await c.close()
    await slow.stop()
  })

  it('cancellation via AbortSignal → cancelled, not retried', async () => {
    const slow = await new FakeKms({ delayMs: 300 }).start()
    const c = new KmsClient({ endpoint: slow.url, organisation: 'sandbox', auth: auth('tc_pat_sandbox_admin') })
    const ac = new AbortController()
    // Abort once the request is at the server (a fixed delay races a busy machine).
    void vi
      .waitFor(() => expect(slow.requests).not.toHaveLength(0), { timeout: 20_000, interval: 5 })
      .then(() => ac.abort())
    const e = await codeOf(c.summary({ signal: ac.signal }))
    expect(e.appError.code).toBe('cancelled')
    expect(slow.requests).toHaveLength(1)
    await c.close()
    await slow.stop()
  })
})

describe('error taxonomy with MockAgent', () => {
  const origin = 'https://api.example.test'
  let agent: MockAgent
  let client: KmsClient
  beforeAll(() => {
    agent = new MockAgent()
    agent.disableNetConnect()
    client = new KmsClient({
      endpoint: origin,
      organisation: 'o',
      auth: auth('tc_pat_x'),
      dispatcher: agent,
      retry: { ...noSleep, maxAttempts: 2 }
    })
  })
  afterAll(() => agent.close())

  it('429 → rate_limited after the retries', async () => {
    agent.get(origin).intercept({ path: '/v1/kms/summary' }).reply(429, { message: 'slow down' }).times(2)
    await check(client.summary(), 'rate_limited', 429)
  })

  it('500 and 502 → server', async () => {
    agent.get(origin).intercept({ path: '/v1/kms/summary' }).reply(500, 'boom')
    await check(client.summary(), 'server', 500)
    agent.get(origin).intercept({ path: '/v1/kms/summary' }).reply(502, '<html>bad gateway</html>').times(2)
    await check(client.summary(), 'server', 502)
  })

  it('a body that is not JSON or not the schema → bad_response, naming the path but no values', async () => {
    agent.get(origin).intercept({ path: '/v1/kms/summary' }).reply(200, 'not json')
    await check(client.summary(), 'bad_response')
    agent.get(origin).intercept({ path: '/v1/kms/nl-01/keys/k/encrypt', method: 'POST' }).reply(200, { ciphertext: 42 })
    const e = await check(client.encrypt('nl-01', 'k', { plaintext: b64('x') }), 'bad_response')
    expect(e.message).toContain('ciphertext')
  })

  it('server messages are trimmed, single-line and scrubbed of tokens', async () => {
    agent
      .get(origin)
      .intercept({ path: '/v1/kms/nl-01/keys/k' })
      .reply(400, { message: 'bad\nrequest with Token tc_pat_leaked_token_12345 ' + 'x'.repeat(1000) })
    const e = await check(client.getKey('nl-01', 'k'), 'validation', 400)
    expect(e.message).not.toContain('tc_pat_leaked_token_12345')
    expect(e.message).not.toContain('\n')
    expect(e.message.length).toBeLessThan(450)
  })
})

describe('local input checks (bad_input, nothing sent)', () => {
  it('rejects non-base64 and oversize payloads, bad create requests and empty ids', async () => {
    const before = fake.requests.length
    for (const p of [
      admin.encrypt('nl-01', 'sym', { plaintext: 'not base64!' }),
      admin.encrypt('nl-01', 'sym', { plaintext: Buffer.alloc(65_536).toString('base64') }),
      admin.createKey('nl-01', { name: '', keyType: 'aes256-gcm96' }),
      admin.updateRotation('nl-01', 'sym', { rotationPeriodInDays: 0 }),
      admin.getKey('nl-01', '')
    ]) {
      const e = await codeOf(p)
      expect(e.appError.code).toBe('bad_input')
    }
    expect(fake.requests.length).toBe(before)
  })
})
