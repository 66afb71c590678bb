import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsClient, type AuthProvider } from '../../../../../src-main/services/kms/client'
import { FakeKms } from '../fake-kms'

const pat = (t = 'tc_pat_sandbox_admin'): AuthProvider => ({ authorization: async () => `Token ${t}` })
const noSleep = { sleep: async () => undefined }
const b64 = (s: string): string => Buffer.from(s).toString('base64')

let fake: FakeKms
let client: KmsClient
beforeAll(async () => {
  fake = await new FakeKms().start()
  client = new KmsClient({
    endpoint: fake.url,
    organisation: 'sandbox',
    auth: pat(),
    retry: noSleep,
    userAgent: 'ThalassaKMSDesktop/9.9.9 (test)'
  })
})
afterAll(async () => {
  await client.close()
  await fake.stop()
})

describe('KmsClient against the loopback fake: every endpoint', () => {
  it('summary reports feature status and regions and sends the documented headers', async () => {
    const s = await client.summary()
    expect(s.featureEnabled).toBe(true)
    expect(s.regions.map((r) => [r.slug, r.kmsAvailable])).toEqual([
      ['nl-01', true],
      ['nl-02', true],
      ['de-01', false]
    ])
    const h = fake.requests.at(-1)?.headers
    expect(h?.authorization).toBe('Token tc_pat_sandbox_admin')
    expect(h?.['x-organisation-identity']).toBe('sandbox')
    expect(h?.['x-project-identity']).toBeUndefined()
    expect(h?.['user-agent']).toBe('ThalassaKMSDesktop/9.9.9 (test)')
    expect(h?.accept).toBe('application/json')
  })

  it('create, list (with name filter), get by id and by slug', async () => {
    const k = await client.createKey('nl-01', { name: 'App Key', keyType: 'aes256-gcm96', exportAllowed: true })
    expect(k).toMatchObject({ name: 'App Key', slug: 'app-key', status: 'active', latestVersion: 1 })
    expect(fake.requests.at(-1)?.body).toBe(
      JSON.stringify({ name: 'App Key', keyType: 'aes256-gcm96', exportAllowed: true })
    )
    const listed = await client.listKeys('nl-01', { name: 'App Key' })
    expect(listed.map((x) => x.identity)).toEqual([k.identity])
    expect(fake.requests.at(-1)?.path).toBe('/v1/kms/nl-01/keys?name=App+Key')
    expect((await client.getKey('nl-01', k.identity)).slug).toBe('app-key')
    expect((await client.getKey('nl-01', 'app-key')).identity).toBe(k.identity)
  })

  it('encrypt/decrypt round-trip with keyVersion sent as a string', async () => {
    const ct = await client.encrypt('nl-01', 'app-key', { plaintext: b64('hello'), keyVersion: 1 })
    expect(ct.ciphertext).toMatch(/^thalassa:v1:/)
    expect(ct.keyVersion).toBe('1')
    expect(JSON.parse(fake.requests.at(-1)?.body ?? '{}')).toEqual({ plaintext: b64('hello'), keyVersion: '1' })
    const pt = await client.decrypt('nl-01', 'app-key', { ciphertext: ct.ciphertext })
    expect(pt.plaintext).toBe(b64('hello'))
  })

  it('sign/verify, hmac/verify-hmac, public key, wrapping key', async () => {
    await client.createKey('nl-01', { name: 'signer', keyType: 'ecdsa-p256' })
    await client.createKey('nl-01', { name: 'mac', keyType: 'hmac-sha256' })
    const sig = await client.sign('nl-01', 'signer', { input: b64('doc'), hashAlgorithm: 'sha2-256' })
    expect((await client.verify('nl-01', 'signer', { input: b64('doc'), signature: sig.signature })).valid).toBe(true)
    expect((await client.verify('nl-01', 'signer', { input: b64('other'), signature: sig.signature })).valid).toBe(
      false
    )
    const mac = await client.hmac('nl-01', 'mac', { input: b64('m') })
    expect(await client.verifyHmac('nl-01', 'mac', { input: b64('m'), hmac: mac.hmac })).toEqual({
      valid: true,
      keyVersion: '1'
    })
    const pub = await client.getPublicKey('nl-01', 'signer', 1)
    expect(fake.requests.at(-1)?.path).toBe('/v1/kms/nl-01/keys/signer/public-key?version=1')
    expect(pub.keys['1']).toContain('BEGIN PUBLIC KEY')
    expect((await client.getWrappingKey('nl-01')).publicKey).toContain('BEGIN PUBLIC KEY')
  })

  it('rotation, rotate, disable, enable, schedule and cancel deletion, export', async () => {
    expect(
      (await client.updateRotation('nl-01', 'app-key', { keyRotationEnabled: true, rotationPeriodInDays: 90 }))
        .rotationPeriodInDays
    ).toBe(90)
    expect(fake.requests.at(-1)?.method).toBe('PATCH')
    expect((await client.rotate('nl-01', 'app-key')).latestVersion).toBe(2)
    expect((await client.disable('nl-01', 'app-key')).status).toBe('disabled')
    expect((await client.enable('nl-01', 'app-key')).status).toBe('active')
    const del = await client.scheduleDeletion('nl-01', 'app-key')
    expect(del.status).toBe('pending_deletion')
    expect(del.deletionScheduledAt).toBeTruthy()
    expect(fake.requests.at(-1)?.method).toBe('DELETE')
    expect((await client.cancelDeletion('nl-01', 'app-key')).status).toBe('active')
    expect(fake.requests.at(-1)?.path).toBe('/v1/kms/nl-01/keys/app-key/cancel-deletion')
    const ex = await client.exportKey('nl-01', 'app-key', { keyVersion: 2 })
    expect(Buffer.from(ex.keyMaterial, 'base64')).toHaveLength(32)
  })

  it('memberships and projects', async () => {
    expect((await client.memberships())[0]?.organisation.slug).toBe('sandbox')
    expect((await client.projects()).map((p) => p.slug)).toEqual(['alpha', 'beta'])
  })

  it('sends the project identity (resolved once from a slug) as X-Project-Identity, never on /v1/projects or memberships', async () => {
    const scoped = new KmsClient({ endpoint: fake.url, organisation: 'sandbox', project: 'alpha', auth: pat() })
    try {
      const before = fake.requests.length
      expect(await scoped.listKeys('nl-01')).toEqual([])
      await scoped.listKeys('nl-01')
      await scoped.memberships()
      const sent = fake.requests
        .slice(before)
        .map((r) => [r.method, r.path.split('?')[0], r.headers['x-project-identity']])
      expect(sent).toEqual([
        ['GET', '/v1/projects', undefined],
        ['GET', '/v1/kms/nl-01/keys', 'prj-a'],
        ['GET', '/v1/kms/nl-01/keys', 'prj-a'],
        ['GET', '/v1/me/organisation-memberships', undefined]
      ])
    } finally {
      await scoped.close()
    }
    const unknown = new KmsClient({ endpoint: fake.url, organisation: 'sandbox', project: 'gamma', auth: pat() })
    try {
      await expect(unknown.listKeys('nl-01')).rejects.toMatchObject({
        code: 'bad_input',
        appError: { message: 'Project "gamma" is not a project of organisation sandbox' }
      })
    } finally {
      await unknown.close()
    }
  })

  it('accepts keyVersion as a number from the server', async () => {
    const f2 = await new FakeKms({ numericVersions: true }).start()
    const c2 = new KmsClient({ endpoint: f2.url, organisation: 'sandbox', auth: pat() })
    try {
      await c2.createKey('nl-01', { name: 'k', keyType: 'aes128-gcm96' })
      expect((await c2.encrypt('nl-01', 'k', { plaintext: b64('x') })).keyVersion).toBe('1')
    } finally {
      await c2.close()
      await f2.stop()
    }
  })

  it('handles a 204 on delete by fetching the key', async () => {
    const { MockAgent } = await import('undici')
    const agent = new MockAgent()
    agent.disableNetConnect()
    const pool = agent.get('https://api.example.test')
    const key = {
      identity: 'kms-1',
      name: 'k',
      slug: 'k',
      keyType: 'aes256-gcm96',
      status: 'pending_deletion',
      createdAt: 't',
      updatedAt: 't'
    }
    pool.intercept({ path: '/v1/kms/nl-01/keys/k', method: 'DELETE' }).reply(204, '')
    pool.intercept({ path: '/v1/kms/nl-01/keys/k', method: 'GET' }).reply(200, key)
    const c = new KmsClient({ endpoint: 'https://api.example.test', organisation: 'o', auth: pat(), dispatcher: agent })
    expect((await c.scheduleDeletion('nl-01', 'k')).status).toBe('pending_deletion')
    await agent.close()
  })
})
