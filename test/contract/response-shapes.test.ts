import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsClient } from '../../src-main/services/kms/client'
import {
  CRYPTO_SHAPES,
  KEY_FULL,
  KEY_MINIMAL,
  KEY_NULLS,
  KEY_UNKNOWN,
  MEMBERSHIP_SHAPES,
  PROJECT_SHAPES,
  PUBLIC_KEY_SHAPES,
  SUMMARY_SHAPES,
  WRAPPING_KEY_SHAPES
} from './fixtures'
import { startRecorder, type Answer, type Recorded } from './recorder'

/** What the recorder answers next, per request; the client then reads it. */
let next: (r: Recorded) => Answer = () => ({ status: 200, body: {} })
let rec: Awaited<ReturnType<typeof startRecorder>>
let c: KmsClient
beforeAll(async () => {
  rec = await startRecorder((r) => next(r))
  c = new KmsClient({
    endpoint: rec.url,
    organisation: 'acme',
    auth: { authorization: async () => 'Token t' },
    retry: { maxAttempts: 1 }
  })
})
afterAll(async () => {
  await c.close()
  await rec.close()
})
const always = (body: unknown, status = 200) => (next = () => ({ status, body }))
const b64 = Buffer.from('x').toString('base64')

describe('the client reads what a real server may answer (test/contract/fixtures.ts)', () => {
  it('KmsKey: omitempty-minimal, all-null optionals, unknown enums and extra fields, a full key', async () => {
    always([KEY_MINIMAL, KEY_NULLS, KEY_UNKNOWN, KEY_FULL])
    const [min, nulls, unknown, full] = await c.listKeys('nl-01')
    expect(min).toMatchObject({ identity: 'kms-min', keyType: 'aes256-gcm96', status: 'active', exportAllowed: false })
    expect(min!.versions).toBeUndefined()
    expect(nulls).toMatchObject({
      identity: 'kms-nulls',
      description: undefined,
      labels: undefined,
      projectId: undefined,
      latestVersion: undefined,
      rotationPeriodInDays: undefined,
      organisation: undefined
    })
    // Unknown enum values are kept for the UI to show as unknown; numbers may come as strings.
    expect(unknown).toMatchObject({
      keyType: 'ml-dsa-65',
      status: 'archived',
      latestVersion: 3,
      versions: [{ version: 3, status: 'frozen' }]
    })
    expect(full).toMatchObject({ latestVersion: 2, labels: { a: 'b' }, organisation: { slug: 'org' } })
    always(KEY_UNKNOWN)
    expect((await c.getKey('nl-01', 'kms-new')).keyType).toBe('ml-dsa-65')
  })

  it('summary: feature off without regions, null regions, missing counts, extra fields', async () => {
    for (const shape of SUMMARY_SHAPES) {
      always(shape)
      const s = await c.summary()
      expect(s.featureEnabled).toBe(shape.featureEnabled)
      for (const r of s.regions) expect(typeof r.totalKeys).toBe('number')
    }
  })

  it('crypto answers: keyVersion missing, a string, a number or null; opaque strings passed through', async () => {
    const ops: [keyof typeof CRYPTO_SHAPES, () => Promise<Record<string, unknown>>][] = [
      ['encrypt', () => c.encrypt('nl-01', 'k', { plaintext: b64 })],
      ['decrypt', () => c.decrypt('nl-01', 'k', { ciphertext: 'opaque' })],
      ['sign', () => c.sign('nl-01', 'k', { input: b64 })],
      ['verify', () => c.verify('nl-01', 'k', { input: b64, signature: 's' })],
      ['hmac', () => c.hmac('nl-01', 'k', { input: b64 })],
      ['verifyHmac', () => c.verifyHmac('nl-01', 'k', { input: b64, hmac: 'h' })],
      ['exportKey', () => c.exportKey('nl-01', 'k')]
    ]
    for (const [name, run] of ops) {
      for (const shape of CRYPTO_SHAPES[name] as Record<string, unknown>[]) {
        always(shape)
        const r = await run()
        const kv = shape['keyVersion']
        expect(r['keyVersion'], `${name} ${JSON.stringify(shape)}`).toBe(
          kv === undefined || kv === null ? undefined : String(kv)
        )
        for (const f of ['ciphertext', 'signature', 'hmac', 'plaintext', 'keyMaterial', 'valid'])
          if (f in shape) expect(r[f]).toEqual(shape[f])
      }
    }
  })

  it('public keys, wrapping key, memberships and projects in their minimal and null-filled shapes', async () => {
    for (const s of PUBLIC_KEY_SHAPES) {
      always(s)
      expect((await c.getPublicKey('nl-01', 'k')).keys).toEqual(s.keys)
    }
    for (const s of WRAPPING_KEY_SHAPES) {
      always(s)
      expect((await c.getWrappingKey('nl-01')).publicKey).toBe('pem')
    }
    for (const s of MEMBERSHIP_SHAPES) {
      always(s)
      expect((await c.memberships())[0]?.organisation.slug).toBe('org')
    }
    for (const s of PROJECT_SHAPES) {
      always(s)
      expect((await c.projects())[0]?.identity).toBe('prj-1')
    }
  })

  it.each([
    ['rotate', (k: KmsClient) => k.rotate('nl-01', 'kms-min')],
    ['disable', (k: KmsClient) => k.disable('nl-01', 'kms-min')],
    ['enable', (k: KmsClient) => k.enable('nl-01', 'kms-min')],
    ['scheduleDeletion', (k: KmsClient) => k.scheduleDeletion('nl-01', 'kms-min')],
    ['cancelDeletion', (k: KmsClient) => k.cancelDeletion('nl-01', 'kms-min')],
    ['updateRotation', (k: KmsClient) => k.updateRotation('nl-01', 'kms-min', { rotationPeriodInDays: 7 })]
  ] as const)('%s: a 204, an empty 200 or a partial body → the key is read again', async (_n, run) => {
    for (const lifecycle of [
      { status: 204 },
      { status: 200, raw: '' },
      { status: 200, body: { status: 'accepted' } }
    ]) {
      const before = rec.requests.length
      next = (r) => (r.method === 'GET' ? { status: 200, body: { ...KEY_MINIMAL, status: 'disabled' } } : lifecycle)
      const k = await run(c)
      expect(k).toMatchObject({ identity: 'kms-min', status: 'disabled' })
      expect(
        rec.requests
          .slice(before)
          .map((r) => r.method)
          .at(-1)
      ).toBe('GET')
    }
    // A full key in the answer is used as is, without a second request.
    const before = rec.requests.length
    always(KEY_FULL)
    expect((await run(c)).identity).toBe('kms-full')
    expect(rec.requests.length - before).toBe(1)
  })

  it('a body that is not a key where a key is required is still an error (bad_response), never a silent success', async () => {
    always({ identity: 'x' })
    await expect(c.getKey('nl-01', 'x')).rejects.toMatchObject({ code: 'bad_response' })
    always('not json at all')
    next = () => ({ status: 200, raw: '<html>' })
    await expect(c.summary()).rejects.toMatchObject({ code: 'bad_response' })
  })
})

describe('400 sub-codes come from what the client knows, the server message verbatim', () => {
  it('key_not_usable from the last read status; wrong_operation from the type; validation otherwise', async () => {
    const message = 'Request could not be processed (code 7)'
    next = (r) =>
      r.method === 'GET'
        ? { status: 200, body: { ...KEY_MINIMAL, identity: 'kms-off', slug: 'off', status: 'disabled' } }
        : { status: 400, body: { message } }
    const off = await c.encrypt('nl-01', 'off', { plaintext: b64 }).catch((e: unknown) => e)
    expect(off).toMatchObject({
      code: 'key_not_usable',
      appError: {
        status: 400,
        message: `encrypt with key off failed: ${message}`,
        hint: expect.stringMatching(/disabled/)
      }
    })
    const sign = await c.sign('nl-01', 'off', { input: b64 }).catch((e: unknown) => e)
    expect(sign).toMatchObject({
      code: 'wrong_operation',
      appError: { message: `sign with key off failed: ${message}` }
    })
    next = (r) =>
      r.method === 'GET'
        ? { status: 200, body: { ...KEY_MINIMAL, identity: 'kms-ok', slug: 'ok' } }
        : { status: 400, body: { message } }
    expect(await c.encrypt('nl-01', 'ok', { plaintext: b64 }).catch((e: unknown) => e)).toMatchObject({
      code: 'validation',
      appError: { message: `encrypt with key ok failed: ${message}` }
    })
    expect(await c.exportKey('nl-01', 'ok').catch((e: unknown) => e)).toMatchObject({
      code: 'wrong_operation',
      appError: { hint: expect.stringMatching(/exportAllowed/) }
    })
    // The wording alone never decides: "disabled" in the message of an active key stays validation.
    next = (r) =>
      r.method === 'GET'
        ? { status: 200, body: { ...KEY_MINIMAL, identity: 'kms-w', slug: 'w' } }
        : { status: 400, body: { message: 'key is disabled' } }
    expect(await c.encrypt('nl-01', 'w', { plaintext: b64 }).catch((e: unknown) => e)).toMatchObject({
      code: 'validation'
    })
  })

  it('a key of an unknown type gets no guessed sub-code', async () => {
    next = (r) => (r.method === 'GET' ? { status: 200, body: KEY_UNKNOWN } : { status: 400, body: { message: 'nope' } })
    expect(await c.sign('nl-01', 'kms-new', { input: b64 }).catch((e: unknown) => e)).toMatchObject({
      code: 'validation',
      appError: { message: 'sign with key kms-new failed: nope' }
    })
  })
})
