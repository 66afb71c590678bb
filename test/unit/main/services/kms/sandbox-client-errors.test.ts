import { randomBytes } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../../../../../src-main/sandbox/index'
import { KmsError, type KmsClient } from '../../../../../src-main/services/kms/client'
import type { AppErrorCode } from '@contract/errors'
import {
  C,
  b64,
  clientFor,
  faultProxy,
  openSandbox,
  patAuth,
  serviceAccountAuth,
  type FaultProxy,
  type Sandbox
} from '../sandbox-harness'

/** Every error code of the taxonomy, produced by a real sandbox answer (or a proxy where it has none). */
const wrongPat = `tc_pat_${randomBytes(16).toString('hex')}`
const clock = createManualClock(new Date())
let t: Sandbox
let admin: KmsClient
let proxy: FaultProxy
const opened: { close(): Promise<void> }[] = []

beforeAll(async () => {
  t = await openSandbox({ clock })
  admin = clientFor(t.sb.url)
  proxy = await faultProxy(t.sb.url)
  await admin.createKey('nl-01', { name: 'sym', keyType: 'aes256-gcm96' })
  await admin.createKey('nl-01', { name: 'signer', keyType: 'ed25519' })
})
afterEach(() => {
  t.sb.setFaults({
    latencyMs: 0,
    errorRate: 0,
    errorStatus: 503,
    resetRate: 0,
    resetAfterHandlingRate: 0,
    slowBodyMs: 0
  })
  proxy.queue.length = 0
})
afterAll(async () => {
  for (const c of opened) await c.close()
  await admin.close()
  await proxy.close()
  await t.stop()
})

function client(o: Parameters<typeof clientFor>[1] = {}, url = t.sb.url): KmsClient {
  const c = clientFor(url, o)
  opened.push(c)
  return c
}

/** Awaits a failure and checks code, that the server's words are in the message, a hint, no secret. */
async function failure(p: Promise<unknown>, code: AppErrorCode, serverWords?: RegExp): Promise<KmsError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(KmsError)
  const k = e as KmsError
  expect(k.code).toBe(code)
  if (serverWords) expect(k.message).toMatch(serverWords)
  expect(k.appError.hint?.length ?? 0).toBeGreaterThan(10)
  const shown = JSON.stringify(k.appError)
  for (const secret of [C.adminPat, C.readerPat, C.clientSecret, wrongPat, 'Bearer ', 'Token '])
    expect(shown).not.toContain(secret)
  expect(shown).not.toMatch(/\n\s+at /) // no stack
  return k
}

describe('error taxonomy from real sandbox answers', () => {
  it('unauthorized (401): an unknown personal access token, message from the server, token not echoed', async () => {
    const e = await failure(
      client({ auth: patAuth(wrongPat) }).listKeys('nl-01'),
      'unauthorized',
      /credentials not recognised/
    )
    expect(e.appError.status).toBe(401)
    expect(e.appError.hint).toMatch(/token or client credentials/)
  })

  it('unauthorized: a wrong service-account secret at /oidc/token', async () => {
    const sa = serviceAccountAuth(t.sb.url, 'not-the-secret-at-all')
    opened.push(sa)
    const e = await failure(client({ auth: sa }).summary(), 'unauthorized', /client id or client secret is not valid/)
    expect(e.message).not.toContain('not-the-secret-at-all')
  })

  it('an expired access token is refreshed once after a 401, then the call succeeds', async () => {
    const sa = serviceAccountAuth(t.sb.url)
    opened.push(sa)
    const c = client({ auth: sa })
    const first = await sa.authorization()
    expect((await c.listKeys('nl-01')).length).toBeGreaterThan(0)
    clock.advance(2 * 3600_000) // the sandbox now sees the cached token as expired
    expect((await c.listKeys('nl-01')).length).toBeGreaterThan(0)
    expect(await sa.authorization()).not.toBe(first)
  })

  it('kms_not_enabled (403) for organisation no-kms, naming the organisation', async () => {
    const e = await failure(
      client({ organisation: C.noKmsOrganisation }).encrypt('nl-01', 'sym', { plaintext: b64('x') }),
      'kms_not_enabled',
      /KMS feature is not enabled for organisation no-kms/
    )
    expect(e.appError.status).toBe(403)
    expect(e.appError.hint).toMatch(/administrator/)
  })

  it('not_found_or_no_access (404): a missing key', async () => {
    const e = await failure(
      admin.getKey('nl-01', 'no-such-key'),
      'not_found_or_no_access',
      /key "no-such-key" not found in region nl-01/
    )
    expect(e.appError.hint).toBe(
      'The key "no-such-key" does not exist in this region and project, or your token lacks access to it.'
    )
  })

  it('no_write_access (masked 404): the read-only token may read, and its refused writes say so', async () => {
    const reader = client({ auth: patAuth(C.readerPat) })
    expect((await reader.getKey('nl-01', 'sym')).slug).toBe('sym')
    const e = await failure(
      reader.encrypt('nl-01', 'sym', { plaintext: b64('x') }),
      'no_write_access',
      /your token cannot use keys/
    )
    expect(e.appError.hint).toMatch(/write access/)
    await failure(
      reader.createKey('nl-01', { name: 'nope', keyType: 'aes256-gcm96' }),
      'no_write_access',
      /cannot change keys here/
    )
  })

  it('not_found_or_no_access (404): a key of another project', async () => {
    const alpha = client({ project: 'alpha' })
    const beta = client({ project: 'beta' })
    const k = await alpha.createKey('nl-01', { name: 'alpha-only', keyType: 'aes256-gcm96' })
    expect((await alpha.getKey('nl-01', k.identity)).name).toBe('alpha-only')
    await failure(
      beta.getKey('nl-01', k.identity),
      'not_found_or_no_access',
      /not found in region nl-01 in this project/
    )
  })

  it('validation (400): a ciphertext the server cannot parse, and an unknown hash algorithm', async () => {
    const e = await failure(
      admin.decrypt('nl-01', 'sym', { ciphertext: 'not-a-ciphertext' }),
      'validation',
      /thalassa:v<N>:<base64>/
    )
    expect(e.appError.status).toBe(400)
    await failure(
      admin.sign('nl-01', 'signer', { input: b64('x'), hashAlgorithm: 'md5' }),
      'validation',
      /must be one of sha2-256/
    )
  })

  it('key_not_usable (400): disabled, then pending deletion', async () => {
    await admin.createKey('nl-01', { name: 'parked', keyType: 'aes256-gcm96' })
    await admin.disable('nl-01', 'parked')
    const e = await failure(
      admin.encrypt('nl-01', 'parked', { plaintext: b64('x') }),
      'key_not_usable',
      /key is disabled/
    )
    expect(e.appError.hint).toMatch(/enable it/)
    await admin.enable('nl-01', 'parked')
    await admin.scheduleDeletion('nl-01', 'parked')
    await failure(admin.encrypt('nl-01', 'parked', { plaintext: b64('x') }), 'key_not_usable', /pending deletion/)
  })

  it('wrong_operation (400): sign with a symmetric key, export without exportAllowed, public key of a symmetric key', async () => {
    await failure(
      admin.sign('nl-01', 'sym', { input: b64('x') }),
      'wrong_operation',
      /wrong operation for key type aes256-gcm96/
    )
    await failure(admin.exportKey('nl-01', 'sym'), 'wrong_operation', /export not allowed/)
    await failure(admin.getPublicKey('nl-01', 'sym'), 'wrong_operation', /have no public key/)
  })

  it('conflict_slug (409): a second key with the same name', async () => {
    const e = await failure(
      admin.createKey('nl-01', { name: 'sym', keyType: 'aes256-gcm96' }),
      'conflict_slug',
      /slug "sym" already exists/
    )
    expect(e.appError.field).toBe('name')
  })

  it('region_unavailable (503) for de-01, not retried once the summary says so', async () => {
    const retries: string[] = []
    const c = client({ onRetry: (i) => retries.push(i.reason) })
    await c.summary()
    const e = await failure(c.listKeys('de-01'), 'region_unavailable', /KMS is not available in region de-01/)
    expect(e.appError.hint).toMatch(/pick another region/)
    expect(retries).toEqual([])
  })

  it('rate_limited (429, via the proxy): Retry-After honoured, then the call succeeds', async () => {
    const delays: number[] = []
    const c = client({ retry: { sleep: async (ms) => void delays.push(ms) } }, proxy.url)
    proxy.queue.push({ status: 429, body: '{"message":"slow down"}', headers: { 'retry-after': '2' } })
    expect((await c.encrypt('nl-01', 'sym', { plaintext: b64('x') })).ciphertext).toMatch(/^thalassa:v1:/)
    expect(delays).toEqual([2000])
    proxy.queue.push(...Array.from({ length: 3 }, () => ({ status: 429, body: '{"message":"slow down"}' })))
    await failure(
      client({ retry: { maxAttempts: 3, sleep: async () => undefined } }, proxy.url).encrypt('nl-01', 'sym', {
        plaintext: b64('x')
      }),
      'rate_limited',
      /slow down/
    )
  })

  it('server (500 injected by the sandbox): not retried, server message kept', async () => {
    const retries: string[] = []
    t.sb.setFaults({ errorRate: 1, errorStatus: 500 })
    const e = await failure(
      client({ onRetry: (i) => retries.push(i.reason) }).encrypt('nl-01', 'sym', { plaintext: b64('x') }),
      'server',
      /injected fault/
    )
    expect(e.appError.status).toBe(500)
    expect(retries).toEqual([])
  })

  it('network: every connection reset by the sandbox, after the retry budget', async () => {
    const retries: string[] = []
    t.sb.setFaults({ resetRate: 1 })
    const e = await failure(
      client({
        retry: { maxAttempts: 3, sleep: async () => undefined },
        onRetry: (i) => retries.push(i.reason)
      }).listKeys('nl-01'),
      'network',
      /could not reach http:\/\/127\.0\.0\.1/
    )
    expect(e.appError.hint).toMatch(/proxy/)
    expect(retries).toEqual(['network', 'network'])
  })

  it('timeout: the sandbox answers later than the headers timeout', async () => {
    // undici checks its timeouts on a coarse (about one second) tick, so the delay is generous.
    t.sb.setFaults({ latencyMs: 2500 })
    await failure(
      client({ timeouts: { headersMs: 100 }, retry: { maxAttempts: 1 } }).listKeys('nl-01'),
      'timeout',
      /did not answer in time \(headers timeout\)/
    )
  })

  it('bad_response (via the proxy): a body that is not JSON, and JSON of the wrong shape', async () => {
    const c = client({}, proxy.url)
    proxy.queue.push({ status: 200, body: '<html>captive portal</html>', headers: { 'content-type': 'text/html' } })
    await failure(c.getKey('nl-01', 'sym'), 'bad_response', /body is not JSON/)
    proxy.queue.push({ status: 200, body: '{"ciphertext":42}' })
    const e = await failure(
      c.encrypt('nl-01', 'sym', { plaintext: b64('x') }),
      'bad_response',
      /ciphertext: invalid_type/
    )
    expect(e.appError.hint).toMatch(/API endpoint/)
  })

  it('the proxy forwards untouched when nothing is queued (the mapping above is the proxy, not a broken path)', async () => {
    const before = proxy.forwarded
    expect((await client({}, proxy.url).getKey('nl-01', 'sym')).slug).toBe('sym')
    expect(proxy.forwarded).toBe(before + 1)
  })
})
