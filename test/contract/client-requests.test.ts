import { Agent } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsClient } from '../../src-main/services/kms/client'
import { ClientCredentialsAuth } from '../../src-main/services/profiles/auth'
import { KEY_FULL } from './fixtures'
import { startRecorder, type Answer, type Recorded } from './recorder'
import { KMS_ENDPOINTS, SDK_REQUESTS, type Endpoint, type JsonType, type SdkRequest } from './sdk-requests'

/** A plausible answer for each path, so every call completes. */
function answer(r: Recorded): Answer {
  const p = r.path
  if (p === '/oidc/token')
    return { status: 200, body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600 } }
  if (p === '/v1/projects')
    return { status: 200, body: [{ identity: 'prj-alpha-identity', name: 'Alpha', slug: 'alpha' }] }
  if (p === '/v1/me/organisation-memberships') return { status: 200, body: [] }
  if (p === '/v1/kms/summary') return { status: 200, body: { featureEnabled: true, regions: [] } }
  if (p.endsWith('/wrapping-key')) return { status: 200, body: { publicKey: 'pem' } }
  if (p.endsWith('/public-key')) return { status: 200, body: { keys: { '1': 'pem' } } }
  if (p.endsWith('/encrypt')) return { status: 200, body: { ciphertext: 'c' } }
  if (p.endsWith('/decrypt')) return { status: 200, body: { plaintext: 'aGk=' } }
  if (p.endsWith('/sign')) return { status: 200, body: { signature: 's' } }
  if (p.endsWith('/verify') || p.endsWith('/verify-hmac')) return { status: 200, body: { valid: true } }
  if (p.endsWith('/hmac')) return { status: 200, body: { hmac: 'h' } }
  if (p.endsWith('/export')) return { status: 200, body: { keyMaterial: 'AAAA' } }
  if (r.method === 'GET' && p.endsWith('/keys')) return { status: 200, body: [KEY_FULL] }
  return { status: r.method === 'POST' && p.endsWith('/keys') ? 201 : 200, body: KEY_FULL }
}

let rec: Awaited<ReturnType<typeof startRecorder>>
let client: KmsClient
beforeAll(async () => {
  rec = await startRecorder(answer)
  client = new KmsClient({
    endpoint: rec.url,
    organisation: 'acme',
    project: 'alpha',
    auth: { authorization: async () => 'Token tc_pat_contract' }
  })
})
afterAll(async () => {
  await client.close()
  await rec.close()
})

const b64 = (s: string) => Buffer.from(s).toString('base64')
const digest = Buffer.alloc(32, 1).toString('base64')

/** Each endpoint once with every optional input the client offers, once with the fewest. */
const CALLS: Record<
  Exclude<Endpoint, 'token'>,
  { full: (c: KmsClient) => Promise<unknown>; min: (c: KmsClient) => Promise<unknown> }
> = {
  summary: { full: (c) => c.summary(), min: (c) => c.summary() },
  listKeys: {
    full: (c) => c.listKeys('nl-01', { name: 'n', slug: 's', identity: 'i' }),
    min: (c) => c.listKeys('nl-01')
  },
  createKey: {
    full: (c) =>
      c.createKey('nl-01', {
        name: 'k',
        keyType: 'rsa-2048',
        description: 'd',
        labels: { a: 'b' },
        annotations: { c: 'd' },
        exportAllowed: true,
        keyRotationEnabled: true,
        rotationPeriodInDays: 90,
        importKeyMaterial: 'AAAA',
        hashFunction: 'sha256',
        allowRotation: true
      }),
    min: (c) => c.createKey('nl-01', { name: 'k', keyType: 'aes256-gcm96', exportAllowed: false, labels: {} })
  },
  getKey: { full: (c) => c.getKey('nl-01', 'k'), min: (c) => c.getKey('nl-01', 'k') },
  wrappingKey: { full: (c) => c.getWrappingKey('nl-01'), min: (c) => c.getWrappingKey('nl-01') },
  publicKey: { full: (c) => c.getPublicKey('nl-01', 'k', 1), min: (c) => c.getPublicKey('nl-01', 'k') },
  encrypt: {
    full: (c) => c.encrypt('nl-01', 'k', { plaintext: b64('x'), keyVersion: 2 }),
    min: (c) => c.encrypt('nl-01', 'k', { plaintext: b64('x') })
  },
  decrypt: {
    full: (c) => c.decrypt('nl-01', 'k', { ciphertext: 'c' }),
    min: (c) => c.decrypt('nl-01', 'k', { ciphertext: 'c' })
  },
  sign: {
    full: (c) =>
      c.sign('nl-01', 'k', {
        input: digest,
        keyVersion: '2',
        hashAlgorithm: 'sha2-256',
        prehashed: true,
        context: b64('ctx')
      }),
    min: (c) => c.sign('nl-01', 'k', { input: b64('m'), prehashed: false })
  },
  verify: {
    full: (c) => c.verify('nl-01', 'k', { input: b64('m'), signature: 's', hashAlgorithm: 'sha2-384' }),
    min: (c) => c.verify('nl-01', 'k', { input: b64('m'), signature: 's' })
  },
  hmac: {
    full: (c) => c.hmac('nl-01', 'k', { input: b64('m'), keyVersion: 1, algorithm: 'sha2-512' }),
    min: (c) => c.hmac('nl-01', 'k', { input: b64('m') })
  },
  verifyHmac: {
    full: (c) => c.verifyHmac('nl-01', 'k', { input: b64('m'), hmac: 'h', hashAlgorithm: 'sha2-512' }),
    min: (c) => c.verifyHmac('nl-01', 'k', { input: b64('m'), hmac: 'h' })
  },
  updateRotation: {
    full: (c) => c.updateRotation('nl-01', 'k', { keyRotationEnabled: false, rotationPeriodInDays: 30 }),
    min: (c) => c.updateRotation('nl-01', 'k', { rotationPeriodInDays: 30 })
  },
  rotate: { full: (c) => c.rotate('nl-01', 'k'), min: (c) => c.rotate('nl-01', 'k') },
  exportKey: { full: (c) => c.exportKey('nl-01', 'k', { keyVersion: 1 }), min: (c) => c.exportKey('nl-01', 'k') },
  disable: { full: (c) => c.disable('nl-01', 'k'), min: (c) => c.disable('nl-01', 'k') },
  enable: { full: (c) => c.enable('nl-01', 'k'), min: (c) => c.enable('nl-01', 'k') },
  scheduleDeletion: { full: (c) => c.scheduleDeletion('nl-01', 'k'), min: (c) => c.scheduleDeletion('nl-01', 'k') },
  cancelDeletion: { full: (c) => c.cancelDeletion('nl-01', 'k'), min: (c) => c.cancelDeletion('nl-01', 'k') },
  memberships: { full: (c) => c.memberships(), min: (c) => c.memberships() },
  projects: { full: (c) => c.projects(), min: (c) => c.projects() }
}

function typeOf(v: unknown): JsonType | 'other' {
  if (typeof v === 'string') return /^[0-9]+$/.test(v) ? 'digits' : 'string'
  if (typeof v === 'boolean') return 'boolean'
  if (typeof v === 'number' && Number.isInteger(v)) return 'integer'
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return 'object'
  return 'other'
}

/** Asserts one recorded request against its SDK row; `mode` says whether optional fields were given. */
function expectMatches(r: Recorded, row: SdkRequest, mode: 'full' | 'min'): void {
  const path = row.path.replace('{region}', 'nl-01').replace('{id}', 'k')
  expect(`${r.method} ${r.path}`).toBe(`${row.method} ${path}`)
  expect(r.headers['accept']).toBe('application/json')
  expect(r.headers['user-agent']).toMatch(/^ThalassaKMSDesktop\//)
  expect(r.headers['authorization']).toBe('Token tc_pat_contract')
  expect(r.headers['x-organisation-identity']).toBe('acme')
  // The project goes as its identity (resolved from the slug "alpha"), and only where the SDK sends it.
  expect(r.headers['x-project-identity']).toBe(row.project ? 'prj-alpha-identity' : undefined)
  if (!row.body) {
    expect(r.body).toBe('')
    expect(r.headers['content-type']).toBeUndefined()
    return
  }
  expect(r.headers['content-type']).toBe('application/json')
  const body = JSON.parse(r.body) as Record<string, unknown>
  const allowed = { ...row.required, ...row.optional }
  for (const f of Object.keys(row.required)) expect(body, `required field ${f}`).toHaveProperty(f)
  for (const [f, v] of Object.entries(body)) {
    expect(Object.keys(allowed), `field ${f} is not in ${row.sdk}`).toContain(f)
    const want = allowed[f]!
    // A string of digits is also a string; the other JSON types must match exactly.
    expect(want === 'string' && typeOf(v) === 'digits' ? 'string' : typeOf(v), `type of ${f}`).toBe(want)
  }
  if (mode === 'full')
    expect(Object.keys(body).sort(), 'every optional field offered is sent').toEqual(Object.keys(allowed).sort())
}

describe('the client sends what the SDK sends (test/contract/sdk-requests.ts)', () => {
  it('covers the 19 KMS endpoints of the reference', () => {
    expect(new Set(KMS_ENDPOINTS).size).toBe(19)
  })

  for (const name of Object.keys(CALLS) as (keyof typeof CALLS)[]) {
    it(`${name}: ${SDK_REQUESTS[name].method} ${SDK_REQUESTS[name].path}`, async () => {
      for (const mode of ['full', 'min'] as const) {
        await CALLS[name][mode](client)
        const r = rec.requests.at(-1)!
        expectMatches(r, SDK_REQUESTS[name], mode)
      }
    })
  }

  it('omitempty: false, empty and absent optional fields are not sent (rotation keeps false: its fields are pointers)', async () => {
    await CALLS.createKey.min(client)
    expect(JSON.parse(rec.requests.at(-1)!.body)).toEqual({ name: 'k', keyType: 'aes256-gcm96' })
    await CALLS.sign.min(client)
    expect(JSON.parse(rec.requests.at(-1)!.body)).toEqual({ input: b64('m') })
    await client.updateRotation('nl-01', 'k', { keyRotationEnabled: false })
    expect(JSON.parse(rec.requests.at(-1)!.body)).toEqual({ keyRotationEnabled: false })
    await CALLS.exportKey.min(client)
    expect(JSON.parse(rec.requests.at(-1)!.body)).toEqual({})
  })

  it('query parameters: list filters and the public key version', async () => {
    await CALLS.listKeys.full(client)
    expect(Object.fromEntries(rec.requests.at(-1)!.query)).toEqual({ identity: 'i', name: 'n', slug: 's' })
    await CALLS.publicKey.full(client)
    expect(Object.fromEntries(rec.requests.at(-1)!.query)).toEqual({ version: '1' })
  })

  it('token: the client-credentials grant as a form, then Bearer on KMS calls', async () => {
    const agent = new Agent()
    const auth = new ClientCredentialsAuth({
      endpoint: rec.url,
      clientId: 'sa-1',
      clientSecret: 'secret-1',
      dispatcher: agent
    })
    const c = new KmsClient({ endpoint: rec.url, organisation: 'acme', auth })
    try {
      await c.summary()
      const [token, kms] = rec.requests.slice(-2)
      expect(`${token!.method} ${token!.path}`).toBe('POST /oidc/token')
      expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded')
      const form = Object.fromEntries(new URLSearchParams(token!.body))
      expect(Object.keys(form).sort()).toEqual(Object.keys(SDK_REQUESTS.token.required).sort())
      expect(form).toMatchObject({ grant_type: 'client_credentials', client_id: 'sa-1' })
      expect(kms!.headers['authorization']).toBe('Bearer at-1')
      expect(kms!.headers['x-project-identity']).toBeUndefined()
    } finally {
      await c.close()
      await agent.close()
    }
  })
})
