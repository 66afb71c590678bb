import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthProvider } from '../../../../../src-main/services/kms/client'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import { C, b64, clientFor, openSandbox, patAuth, serviceAccountAuth, type Sandbox } from '../sandbox-harness'
import { presetTestWrappingKey } from '../../../../support/wrapping-key'

/**
 * Every endpoint of the reference (19) plus /oidc/token, memberships and projects, through
 * KmsClient against the real sandbox on loopback, once per authentication scheme.
 */
describe.each([
  { scheme: 'Token (personal access token)', bearer: false },
  { scheme: 'Bearer (service account client credentials)', bearer: true }
])('KmsClient → sandbox, $scheme', ({ bearer }) => {
  let t: Sandbox
  let client: KmsClient
  let auth: AuthProvider
  let closeAuth: () => Promise<void> = async () => undefined
  const headers: string[] = []

  beforeAll(async () => {
    t = await openSandbox()
    await presetTestWrappingKey(t.sb)
    if (bearer) {
      const sa = serviceAccountAuth(t.sb.url)
      closeAuth = () => sa.close()
      auth = sa
    } else {
      auth = patAuth()
    }
    // Record the Authorization scheme of every request the client makes.
    const recording: AuthProvider = {
      authorization: async () => {
        const h = await auth.authorization()
        headers.push(h)
        return h
      },
      invalidate: () => auth.invalidate?.()
    }
    client = clientFor(t.sb.url, { auth: recording })
  })
  afterAll(async () => {
    await client.close()
    await closeAuth()
    await t.stop()
  })

  it('authenticates with the expected scheme (POST /oidc/token for the service account)', async () => {
    const h = await auth.authorization()
    if (bearer) {
      expect(h).toMatch(/^Bearer [\w-]+\.[\w-]+$/)
      expect(h).not.toContain(C.adminPat)
    } else {
      expect(h).toBe(`Token ${C.adminPat}`)
    }
  })

  it('summary, memberships, projects', async () => {
    const s = await client.summary()
    expect(s.featureEnabled).toBe(true)
    expect(s.regions.map((r) => [r.slug, r.kmsAvailable])).toEqual([
      ['nl-01', true],
      ['nl-02', true],
      ['de-01', false]
    ])
    const m = await client.memberships()
    expect(m.map((x) => x.organisation.slug).sort()).toEqual(['no-kms', 'sandbox'])
    expect((await client.projects()).map((p) => p.slug)).toEqual(['alpha', 'beta'])
  })

  it('create (201), list with filter, get by id and by slug', async () => {
    const k = await client.createKey('nl-01', {
      name: 'App Key',
      keyType: 'aes256-gcm96',
      exportAllowed: true,
      labels: { team: 'sec' }
    })
    expect(k).toMatchObject({
      name: 'App Key',
      slug: 'app-key',
      status: 'active',
      latestVersion: 1,
      keyType: 'aes256-gcm96',
      exportAllowed: true
    })
    expect((await client.listKeys('nl-01', { name: 'App Key' })).map((x) => x.identity)).toEqual([k.identity])
    expect(await client.listKeys('nl-01', { name: 'nothing-like-it' })).toEqual([])
    expect((await client.getKey('nl-01', k.identity)).slug).toBe('app-key')
    expect((await client.getKey('nl-01', 'app-key')).identity).toBe(k.identity)
  })

  it('encrypt / decrypt round trip, keyVersion returned as a string', async () => {
    const ct = await client.encrypt('nl-01', 'app-key', { plaintext: b64('hello sandbox'), keyVersion: 1 })
    expect(ct.ciphertext).toMatch(/^thalassa:v1:[A-Za-z0-9+/]+=*$/)
    expect(ct.keyVersion).toBe('1')
    expect((await client.decrypt('nl-01', 'app-key', { ciphertext: ct.ciphertext })).plaintext).toBe(
      b64('hello sandbox')
    )
  })

  it('sign / verify (ECDSA), public key, hmac / verify-hmac, wrapping key', async () => {
    await client.createKey('nl-01', { name: 'signer', keyType: 'ecdsa-p256' })
    await client.createKey('nl-01', { name: 'mac', keyType: 'hmac-sha256' })
    const sig = await client.sign('nl-01', 'signer', { input: b64('doc'), hashAlgorithm: 'sha2-256' })
    expect(sig.signature).toMatch(/^thalassa:v1:/)
    expect((await client.verify('nl-01', 'signer', { input: b64('doc'), signature: sig.signature })).valid).toBe(true)
    expect((await client.verify('nl-01', 'signer', { input: b64('tampered'), signature: sig.signature })).valid).toBe(
      false
    )
    const pub = await client.getPublicKey('nl-01', 'signer', 1)
    expect(Object.keys(pub.keys)).toEqual(['1'])
    expect(pub.keys['1']).toContain('-----BEGIN PUBLIC KEY-----')
    const mac = await client.hmac('nl-01', 'mac', { input: b64('m') })
    expect(mac.hmac).toMatch(/^thalassa:v1:/)
    expect((await client.verifyHmac('nl-01', 'mac', { input: b64('m'), hmac: mac.hmac })).valid).toBe(true)
    expect((await client.verifyHmac('nl-01', 'mac', { input: b64('n'), hmac: mac.hmac })).valid).toBe(false)
    const wrap = await client.getWrappingKey('nl-01')
    expect(wrap.publicKey).toContain('-----BEGIN PUBLIC KEY-----')
  })

  it('rotation settings, rotate, disable, enable, schedule and cancel deletion, export', async () => {
    const r = await client.updateRotation('nl-01', 'app-key', { keyRotationEnabled: true, rotationPeriodInDays: 90 })
    expect(r).toMatchObject({ keyRotationEnabled: true, rotationPeriodInDays: 90 })
    expect((await client.rotate('nl-01', 'app-key')).latestVersion).toBe(2)
    expect((await client.encrypt('nl-01', 'app-key', { plaintext: b64('x') })).ciphertext).toMatch(/^thalassa:v2:/)
    expect((await client.disable('nl-01', 'app-key')).status).toBe('disabled')
    expect((await client.enable('nl-01', 'app-key')).status).toBe('active')
    const del = await client.scheduleDeletion('nl-01', 'app-key')
    expect(del.status).toBe('pending_deletion')
    expect(del.deletionScheduledAt).toBeTruthy()
    expect((await client.cancelDeletion('nl-01', 'app-key')).status).toBe('active')
    const ex = await client.exportKey('nl-01', 'app-key', { keyVersion: 2 })
    expect(ex.keyVersion).toBe('2')
    expect(Buffer.from(ex.keyMaterial, 'base64')).toHaveLength(32)
  })

  it('scopes by project: a key made in alpha is listed there and not at organisation level', async () => {
    const alpha = clientFor(t.sb.url, { auth, project: 'alpha' })
    try {
      const k = await alpha.createKey('nl-02', { name: 'in-alpha', keyType: 'aes128-gcm96' })
      expect((await alpha.listKeys('nl-02')).map((x) => x.identity)).toEqual([k.identity])
      expect((await client.listKeys('nl-02')).map((x) => x.identity)).not.toContain(k.identity)
    } finally {
      await alpha.close()
    }
  })

  it('sent only the chosen scheme on every request', () => {
    expect(headers.length).toBeGreaterThan(20)
    expect(headers.every((h) => h.startsWith(bearer ? 'Bearer ' : 'Token '))).toBe(true)
  })
})
