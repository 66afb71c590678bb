import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../../../../src-main/sandbox/index'
import { b64, C, createKey, openSandbox, type TestSandbox, type WireKey } from './helpers'

const clock = createManualClock()
let t: TestSandbox
let key: WireKey

beforeAll(async () => {
  t = await openSandbox({ clock })
  key = await createKey(t, 'aes256-gcm96')
})
afterAll(async () => {
  await t.stop()
})

async function token(form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.sb.url}/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form)
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('authentication', () => {
  it('401 without credentials or with unknown ones, with a {message} body', async () => {
    for (const r of [
      await t.kms('GET', '/keys', { token: null }),
      await t.kms('GET', '/keys', { token: 'tc_pat_wrong_value' })
    ]) {
      expect(r.status).toBe(401)
      expect(typeof r.body.message).toBe('string')
    }
    const basic = await t.kms('GET', '/keys', { headers: { authorization: 'Basic abc' }, token: null })
    expect(basic.status).toBe(401)
  })

  it('accepts a PAT as Token only, as the SDK sends it (Bearer → 401)', async () => {
    expect((await t.kms('GET', '/keys', { scheme: 'Token' })).status).toBe(200)
    const bearer = await t.kms('GET', '/keys', { scheme: 'Bearer' })
    expect([bearer.status, bearer.body.message]).toEqual([
      401,
      'a personal access token goes in Authorization: Token <pat>, not Bearer'
    ])
  })

  it('issues service-account tokens (form or Basic) that work as Bearer until they expire', async () => {
    const r = await token({ grant_type: 'client_credentials', client_id: C.clientId, client_secret: C.clientSecret })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 })
    const access = String(r.body.access_token)
    expect(
      (
        await t.kms('POST', `/keys/${key.identity}/encrypt`, {
          scheme: 'Bearer',
          token: access,
          body: { plaintext: b64('sa') }
        })
      ).status
    ).toBe(200)
    const basic = await token(
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${b64(`${C.clientId}:${C.clientSecret}`)}` }
    )
    expect(basic.status).toBe(200)
    clock.advance(3600_000)
    const expired = await t.kms('GET', '/keys', { scheme: 'Bearer', token: access })
    expect(expired.status).toBe(401)
    expect(expired.body.message).toMatch(/expired/)
  })

  it('refuses a forged access token, a wrong secret, and other grant types', async () => {
    const good = String(
      (await token({ grant_type: 'client_credentials', client_id: C.clientId, client_secret: C.clientSecret })).body
        .access_token
    )
    const [payload] = good.split('.')
    expect((await t.kms('GET', '/keys', { scheme: 'Bearer', token: `${payload}.AAAA` })).status).toBe(401)
    const wrong = await token({
      grant_type: 'client_credentials',
      client_id: C.clientId,
      client_secret: 'not-the-secret'
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body).toMatchObject({ error: 'invalid_client' })
    expect((await token({ grant_type: 'password', client_id: C.clientId, client_secret: C.clientSecret })).status).toBe(
      400
    )
    const json = await fetch(`${t.sb.url}/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    expect(json.status).toBe(400)
  })
})

describe('organisation, feature gate, region, project', () => {
  it('400 without X-Organisation-Identity; 404 for an unknown organisation; slug or identity both work', async () => {
    const none = await t.kms('GET', '/keys', { org: null })
    expect(none.status).toBe(400)
    expect(none.body.message).toMatch(/X-Organisation-Identity/)
    expect((await t.kms('GET', '/keys', { org: 'someone-else' })).status).toBe(404)
    const orgIdentity = (key.organisation as { identity: string }).identity
    expect((await t.kms('GET', `/keys/${key.identity}`, { org: orgIdentity })).status).toBe(200)
  })

  it('403 for every KMS call in an organisation with KMS off; summary answers featureEnabled:false', async () => {
    const s = await t.call('GET', '/v1/kms/summary', { org: C.noKmsOrganisation })
    expect(s.status).toBe(200)
    expect(s.body.featureEnabled).toBe(false)
    for (const [m, p] of [
      ['GET', '/keys'],
      ['POST', '/keys'],
      ['GET', '/wrapping-key'],
      ['POST', `/keys/${key.identity}/encrypt`]
    ] as const) {
      const r = await t.kms(m, p, { org: C.noKmsOrganisation, body: m === 'POST' ? { name: 'x' } : undefined })
      expect(r.status).toBe(403)
      expect(r.body.message).toMatch(/not enabled/)
    }
  })

  it('404 for an unknown region, 503 where KMS is not available; paths take the slug, not the identity', async () => {
    expect((await t.kms('GET', '/keys', { region: 'xx-99' })).status).toBe(404)
    const r = await t.kms('GET', '/keys', { region: C.unavailableRegion })
    expect(r.status).toBe(503)
    expect(r.body.message).toMatch(/not available/)
    const regions = (await t.call('GET', '/v1/regions')).list
    const nl1 = regions.find((x) => x.slug === 'nl-01')!
    const byIdentity = await t.kms('GET', `/keys/${key.identity}`, { region: String(nl1.identity) })
    expect(byIdentity.status).toBe(404)
    expect(byIdentity.body.message).toMatch(/KMS paths take the region slug, not its identity/)
  })

  it('scopes keys by project: another scope is a 404, unknown project is a 404', async () => {
    const a = await createKey(t, 'aes256-gcm96', {}, { project: 'alpha' })
    expect(a.projectId).toMatch(/^prj-/)
    expect((await t.kms('GET', `/keys/${a.identity}`, { project: 'alpha' })).status).toBe(200)
    expect((await t.kms('GET', `/keys/${a.identity}`, { project: String(a.projectId) })).status).toBe(200)
    expect((await t.kms('GET', `/keys/${a.identity}`, { project: 'beta' })).status).toBe(404)
    expect((await t.kms('GET', `/keys/${a.identity}`)).status).toBe(404)
    expect(
      (await t.kms('POST', `/keys/${a.identity}/encrypt`, { project: 'beta', body: { plaintext: b64('x') } })).status
    ).toBe(404)
    expect((await t.kms('GET', `/keys/${key.identity}`, { project: 'alpha' })).status).toBe(404)
    expect((await t.kms('GET', '/keys', { project: 'beta' })).list.map((k) => k.identity)).not.toContain(a.identity)
    expect((await t.kms('GET', '/keys', { project: 'gamma' })).status).toBe(404)
    const query = await t.kms('GET', `/keys/${a.identity}?project=${String(a.projectId)}`)
    expect([query.status, query.body.message]).toEqual([
      400,
      'the ?project= query parameter is not accepted: send the project identity in the X-Project-Identity header'
    ])
    const slug = await t.kms('GET', `/keys/${a.identity}`, { headers: { 'x-project-identity': 'alpha' } })
    expect(slug.status).toBe(404)
    expect(slug.body.message).toMatch(/X-Project-Identity takes the project identity/)
  })
})

describe('read-only principal (masked 404)', () => {
  const reader = { token: C.readerPat }
  it('may list, get and read public keys', async () => {
    expect((await t.kms('GET', '/keys', reader)).status).toBe(200)
    expect((await t.kms('GET', `/keys/${key.identity}`, reader)).status).toBe(200)
    const ec = await createKey(t, 'ecdsa-p256')
    expect((await t.kms('GET', `/keys/${ec.identity}/public-key`, reader)).status).toBe(200)
    expect((await t.call('GET', '/v1/kms/summary', reader)).status).toBe(200)
  })

  it('gets the same 404 as a missing key for anything else', async () => {
    const missing = await t.kms('POST', '/keys/kms-00000000000000000000/encrypt', { body: { plaintext: b64('x') } })
    const masked = await t.kms('POST', `/keys/${key.slug}/encrypt`, { ...reader, body: { plaintext: b64('x') } })
    expect(masked.status).toBe(404)
    expect(masked.body.message).toBe(missing.body.message?.replace('kms-00000000000000000000', key.slug))
    for (const [m, p] of [
      ['POST', '/keys'],
      ['GET', '/wrapping-key'],
      ['POST', `/keys/${key.identity}/rotate`],
      ['POST', `/keys/${key.identity}/disable`],
      ['DELETE', `/keys/${key.identity}`],
      ['PATCH', `/keys/${key.identity}/rotation`],
      ['POST', `/keys/${key.identity}/export`]
    ] as const) {
      expect((await t.kms(m, p, { ...reader, body: m === 'POST' || m === 'PATCH' ? {} : undefined })).status).toBe(404)
    }
    expect((await t.kms('GET', `/keys/${key.identity}`)).body.status).toBe('active')
  })
})

describe('pickers', () => {
  it('lists memberships with roles and the organisation embedded', async () => {
    const admin = (await t.call('GET', '/v1/me/organisation-memberships', { org: null })).list
    expect(admin.map((m) => (m.organisation as { slug: string }).slug).sort()).toEqual(['no-kms', 'sandbox'])
    expect(admin.every((m) => m.role === 'OWNER')).toBe(true)
    const reader = (await t.call('GET', '/v1/me/organisation-memberships', { org: null, token: C.readerPat })).list
    expect(reader.every((m) => m.role === 'MEMBER')).toBe(true)
    expect((await t.call('GET', '/v1/me/organisation-memberships', { token: null })).status).toBe(401)
  })

  it('lists the projects of the organisation', async () => {
    const r = await t.call('GET', '/v1/projects')
    expect(r.list.map((p) => p.slug)).toEqual(['alpha', 'beta'])
    expect(r.list[0]).toMatchObject({ name: 'Alpha', parentProject: null })
    expect((await t.call('GET', '/v1/projects', { org: null })).status).toBe(400)
  })
})
