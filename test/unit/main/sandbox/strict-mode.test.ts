import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectIdentity, regionIdentity } from '../../../../src-main/sandbox/config'
import { b64, C, createKey, openSandbox, tempDir, type TestSandbox, type WireKey } from './helpers'

/**
 * Every strictness rule of docs/sandbox.md ("Strict mode"), each against the default (strict)
 * sandbox and against `{ lenient: true }` over the same state.
 */
let strict: TestSandbox
let lenient: TestSandbox
let key: WireKey
let rsa: WireKey

beforeAll(async () => {
  const dir = await tempDir()
  strict = await openSandbox({ dataDir: dir })
  key = await createKey(strict, 'aes256-gcm96')
  rsa = await createKey(strict, 'rsa-2048')
  // Opened after the keys exist, so it loads them from the shared data folder.
  lenient = await openSandbox({ dataDir: dir, lenient: true })
}, 60_000)
afterAll(async () => {
  await lenient.sb.close()
  await strict.stop()
})

async function accessToken(t: TestSandbox): Promise<string> {
  const res = await fetch(`${t.sb.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: C.clientId,
      client_secret: C.clientSecret
    })
  })
  return String(((await res.json()) as { access_token: string }).access_token)
}

const raw = (t: TestSandbox, path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${t.sb.url}/v1/kms/nl-01${path}`, {
    method: 'POST',
    headers: { authorization: `Token ${C.adminPat}`, 'x-organisation-identity': C.organisation, ...headers },
    body
  })

describe('strict is the default; lenient is opt-in', () => {
  it('reports its mode', () => {
    expect([strict.sb.lenient, lenient.sb.lenient]).toEqual([false, true])
  })
})

describe('request bodies are the SDK types, nothing more', () => {
  it('an unknown field → 400 naming it', async () => {
    const r = await strict.kms('POST', `/keys/${key.identity}/encrypt`, {
      body: { plaintext: b64('x'), context: b64('ctx') }
    })
    expect([r.status, r.body.message]).toEqual([400, 'unknown field "context": EncryptRequest has no such field'])
    const c = await strict.kms('POST', '/keys', {
      body: { name: 'typo key', keyType: 'aes256-gcm96', rotationPeriod: 30 }
    })
    expect([c.status, c.body.message]).toEqual([
      400,
      'unknown field "rotationPeriod": CreateKmsKeyRequest has no such field'
    ])
    expect(
      (
        await lenient.kms('POST', `/keys/${key.identity}/encrypt`, {
          body: { plaintext: b64('x'), context: b64('ctx') }
        })
      ).status
    ).toBe(200)
  })

  it('a wrong JSON type → 400', async () => {
    const r = await strict.kms('POST', '/keys', {
      body: { name: 'typed', keyType: 'aes256-gcm96', exportAllowed: 'yes' }
    })
    expect([r.status, r.body.message]).toEqual([400, 'exportAllowed must be a JSON boolean'])
    const p = await strict.kms('POST', `/keys/${key.identity}/encrypt`, { body: { plaintext: 42 } })
    expect([p.status, p.body.message]).toEqual([400, 'plaintext must be a JSON string'])
    const n = await strict.kms('PATCH', `/keys/${key.identity}/rotation`, {
      body: { keyRotationEnabled: true, rotationPeriodInDays: null }
    })
    expect([n.status, n.body.message]).toEqual([400, 'rotationPeriodInDays must be a JSON number'])
  })

  it('keyVersion is a string of digits; lenient also takes a number', async () => {
    expect(
      (await strict.kms('POST', `/keys/${key.identity}/encrypt`, { body: { plaintext: b64('x'), keyVersion: '1' } }))
        .status
    ).toBe(200)
    const n = await strict.kms('POST', `/keys/${key.identity}/encrypt`, {
      body: { plaintext: b64('x'), keyVersion: 1 }
    })
    expect([n.status, n.body.message]).toEqual([400, 'keyVersion must be a JSON string'])
    expect(
      (await lenient.kms('POST', `/keys/${key.identity}/encrypt`, { body: { plaintext: b64('x'), keyVersion: 1 } }))
        .status
    ).toBe(200)
  })

  it('a body needs Content-Type: application/json (415 otherwise)', async () => {
    const body = JSON.stringify({ plaintext: b64('x') })
    const none = await raw(strict, `/keys/${key.identity}/encrypt`, body, { 'content-type': 'text/plain' })
    expect(none.status).toBe(415)
    expect(((await none.json()) as { message: string }).message).toBe(
      'a request body needs Content-Type: application/json (got text/plain)'
    )
    expect(
      (await raw(strict, `/keys/${key.identity}/encrypt`, body, { 'content-type': 'application/json; charset=utf-8' }))
        .status
    ).toBe(200)
    expect((await raw(lenient, `/keys/${key.identity}/encrypt`, body, { 'content-type': 'text/plain' })).status).toBe(
      200
    )
  })

  it('rotate, disable and enable take no body (the SDK sends none)', async () => {
    const r = await strict.kms('POST', `/keys/${key.identity}/rotate`, { body: {} })
    expect([r.status, r.body.message]).toEqual([400, 'rotate takes no request body'])
    expect((await strict.kms('POST', `/keys/${key.identity}/rotate`)).status).toBe(200)
    expect((await lenient.kms('POST', `/keys/${key.identity}/disable`, { body: {} })).status).toBe(200)
    expect((await lenient.kms('POST', `/keys/${key.identity}/enable`, { body: {} })).status).toBe(200)
  })

  it('no signatureAlgorithm on sign and no prehashed on verify (sandbox extensions, lenient only)', async () => {
    expect(
      (await strict.kms('POST', `/keys/${rsa.identity}/sign`, { body: { input: b64('x'), signatureAlgorithm: 'pss' } }))
        .status
    ).toBe(400)
    const s = await lenient.kms('POST', `/keys/${rsa.identity}/sign`, {
      body: { input: b64('x'), signatureAlgorithm: 'pkcs1v15' }
    })
    expect(s.status).toBe(200)
    expect(
      (
        await lenient.kms('POST', `/keys/${rsa.identity}/verify`, {
          body: { input: b64('x'), signature: s.body.signature, signatureAlgorithm: 'pkcs1v15' }
        })
      ).body.valid
    ).toBe(true)
  })
})

describe('credentials, scope and paths', () => {
  it('PATs only with Token, access tokens only with Bearer (401 otherwise)', async () => {
    const pat = await strict.kms('GET', '/keys', { scheme: 'Bearer' })
    expect(pat.status).toBe(401)
    const access = await accessToken(strict)
    const asToken = await strict.kms('GET', '/keys', { scheme: 'Token', token: access })
    expect([asToken.status, asToken.body.message]).toEqual([
      401,
      'an access token goes in Authorization: Bearer <token>, not Token'
    ])
    expect((await strict.kms('GET', '/keys', { scheme: 'Bearer', token: access })).status).toBe(200)
    expect((await lenient.kms('GET', '/keys', { scheme: 'Bearer' })).status).toBe(200)
    expect((await lenient.kms('GET', '/keys', { scheme: 'Token', token: access })).status).toBe(200)
  })

  it('X-Project-Identity must be a project identity; no ?project=', async () => {
    const identity = projectIdentity(C.organisation, 'alpha')
    expect((await strict.kms('GET', '/keys', { headers: { 'x-project-identity': identity } })).status).toBe(200)
    expect((await strict.kms('GET', '/keys', { headers: { 'x-project-identity': 'alpha' } })).status).toBe(404)
    expect((await strict.kms('GET', `/keys?project=${identity}`)).status).toBe(400)
    expect((await strict.call('GET', `/v1/kms/summary?project=${identity}`)).status).toBe(400)
    expect((await lenient.kms('GET', '/keys', { headers: { 'x-project-identity': 'alpha' } })).status).toBe(200)
    expect((await lenient.kms('GET', '/keys?project=alpha')).status).toBe(200)
  })

  it('no X-Project-Identity on /v1/projects and /v1/me/organisation-memberships', async () => {
    const header = { 'x-project-identity': projectIdentity(C.organisation, 'alpha') }
    const p = await strict.call('GET', '/v1/projects', { headers: header })
    expect([p.status, p.body.message]).toEqual([
      400,
      'X-Project-Identity is not accepted on /v1/projects: it lists across projects'
    ])
    expect((await strict.call('GET', '/v1/me/organisation-memberships', { headers: header })).status).toBe(400)
    expect((await strict.call('GET', '/v1/projects')).status).toBe(200)
    expect((await lenient.call('GET', '/v1/projects', { headers: header })).status).toBe(200)
  })

  it('region slugs in paths; lenient also takes the region identity', async () => {
    expect((await strict.kms('GET', `/keys/${key.identity}`, { region: regionIdentity('nl-01') })).status).toBe(404)
    expect((await lenient.kms('GET', `/keys/${key.identity}`, { region: regionIdentity('nl-01') })).status).toBe(200)
  })
})
