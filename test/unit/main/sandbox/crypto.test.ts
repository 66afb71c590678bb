import { createHash, createHmac, createPublicKey, verify as nodeVerify, constants } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { b64, createKey, openSandbox, type TestSandbox, type WireKey } from './helpers'

let t: TestSandbox
const keys: Record<string, WireKey> = {}
const TYPES = [
  'aes128-gcm96',
  'aes256-gcm96',
  'chacha20-poly1305',
  'rsa-2048',
  'rsa-3072',
  'rsa-4096',
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
  'ed25519',
  'hmac',
  'hmac-sha256',
  'hmac-sha512'
]

beforeAll(async () => {
  t = await openSandbox()
  // One key per type for the whole file: RSA-4096 generation is slow.
  await Promise.all(TYPES.map(async (ty) => (keys[ty] = await createKey(t, ty, { exportAllowed: true }))))
}, 60_000)
afterAll(async () => {
  await t.stop()
})

const post = (ty: string, op: string, body: Record<string, unknown>) =>
  t.kms('POST', `/keys/${keys[ty]!.identity}/${op}`, { body })
const unb64 = (s: unknown) => Buffer.from(String(s), 'base64')
const payloadOf = (s: unknown) => unb64(String(s).replace(/^thalassa:v\d+:/, ''))

describe('encrypt / decrypt', () => {
  it.each(['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305', 'rsa-2048', 'rsa-3072', 'rsa-4096'])(
    'round-trips with %s',
    async (ty) => {
      const data = Buffer.from(`secret for ${ty}`)
      const e = await post(ty, 'encrypt', { plaintext: b64(data) })
      expect(e.status).toBe(200)
      expect(e.body.keyVersion).toBe('1')
      expect(String(e.body.ciphertext)).toMatch(/^thalassa:v1:[A-Za-z0-9+/]+=*$/)
      const d = await post(ty, 'decrypt', { ciphertext: e.body.ciphertext })
      expect(unb64(d.body.plaintext)).toEqual(data)
    }
  )

  it('lays out symmetric ciphertext as nonce ‖ ciphertext ‖ tag and randomises the nonce', async () => {
    const a = await post('aes256-gcm96', 'encrypt', { plaintext: b64('abc') })
    const b = await post('aes256-gcm96', 'encrypt', { plaintext: b64('abc') })
    expect(payloadOf(a.body.ciphertext).length).toBe(12 + 3 + 16)
    expect(a.body.ciphertext).not.toBe(b.body.ciphertext)
  })

  it('detects a tampered ciphertext (400)', async () => {
    const e = await post('chacha20-poly1305', 'encrypt', { plaintext: b64('abc') })
    const raw = payloadOf(e.body.ciphertext)
    raw[14]! ^= 1
    const d = await post('chacha20-poly1305', 'decrypt', { ciphertext: `thalassa:v1:${raw.toString('base64')}` })
    expect(d.status).toBe(400)
    expect((await post('aes256-gcm96', 'decrypt', { ciphertext: 'vault:v1:abc=' })).status).toBe(400)
  })

  it.each([
    ['rsa-2048', 190],
    ['rsa-3072', 318],
    ['rsa-4096', 446]
  ])('enforces the RSA-OAEP-SHA256 limit of %s (%i bytes)', async (ty, limit) => {
    expect((await post(ty, 'encrypt', { plaintext: b64(Buffer.alloc(limit, 1)) })).status).toBe(200)
    const over = await post(ty, 'encrypt', { plaintext: b64(Buffer.alloc(limit + 1, 1)) })
    expect(over.status).toBe(400)
    expect(over.body.message).toMatch(String(limit))
  })

  it('RSA ciphertext is RSA-OAEP-SHA256 that a standard decrypt of the exported key opens', async () => {
    const e = await post('rsa-2048', 'encrypt', { plaintext: b64('oaep') })
    const pkcs8 = unb64((await post('rsa-2048', 'export', {})).body.keyMaterial)
    const { privateDecrypt, createPrivateKey } = await import('node:crypto')
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
    expect(
      privateDecrypt(
        { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        payloadOf(e.body.ciphertext)
      ).toString()
    ).toBe('oaep')
  })

  it.each([
    [{}, /plaintext is required/],
    [{ plaintext: '' }, /plaintext is required/],
    [{ plaintext: 'not base64!' }, /base64/],
    [{ plaintext: b64(Buffer.alloc(65_536)) }, /1–65535/],
    [{ plaintext: b64('x'), keyVersion: 'latest' }, /keyVersion/]
  ])('validates the payload %#', async (body, msg) => {
    const r = await post('aes256-gcm96', 'encrypt', body)
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(msg)
  })

  it('accepts the maximum payload of 65,535 bytes', async () => {
    expect((await post('aes128-gcm96', 'encrypt', { plaintext: b64(Buffer.alloc(65_535, 7)) })).status).toBe(200)
  })
})

describe('wrong operation for the key type → 400', () => {
  it.each([
    ['ecdsa-p256', 'encrypt', { plaintext: b64('x') }],
    ['ed25519', 'decrypt', { ciphertext: 'thalassa:v1:AAAA' }],
    ['hmac', 'encrypt', { plaintext: b64('x') }],
    ['aes256-gcm96', 'sign', { input: b64('x') }],
    ['hmac-sha256', 'verify', { input: b64('x'), signature: 'thalassa:v1:AAAA' }],
    ['rsa-2048', 'hmac', { input: b64('x') }],
    ['ecdsa-p384', 'verify-hmac', { input: b64('x'), hmac: 'thalassa:v1:AAAA' }]
  ])('%s cannot %s', async (ty, op, body) => {
    const r = await post(ty, op, body)
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/wrong operation/)
  })

  it('public-key of a symmetric or HMAC key is 400', async () => {
    expect((await t.kms('GET', `/keys/${keys['aes256-gcm96']!.identity}/public-key`)).status).toBe(400)
    expect((await t.kms('GET', `/keys/${keys.hmac!.identity}/public-key`)).status).toBe(400)
  })
})

describe('sign / verify', () => {
  const SIGN_TYPES = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521', 'ed25519']

  it.each(SIGN_TYPES)('signs and verifies with %s, and rejects a different input', async (ty) => {
    const s = await post(ty, 'sign', { input: b64('message') })
    expect(s.status).toBe(200)
    expect(String(s.body.signature)).toMatch(/^thalassa:v1:/)
    expect((await post(ty, 'verify', { input: b64('message'), signature: s.body.signature })).body.valid).toBe(true)
    expect((await post(ty, 'verify', { input: b64('messagE'), signature: s.body.signature })).body.valid).toBe(false)
  })

  it.each(['rsa-2048', 'ecdsa-p256', 'ecdsa-p521'])(
    'with %s: every hash, prehashed digests, and node:crypto agrees',
    async (ty) => {
      const pem = (await t.kms('GET', `/keys/${keys[ty]!.identity}/public-key`)).body.keys as Record<string, string>
      const pub = createPublicKey(pem['1']!)
      const data = Buffer.from('hash me')
      for (const [alg, hash] of [
        ['sha2-256', 'sha256'],
        ['SHA384', 'sha384'],
        ['sha2-512', 'sha512']
      ] as const) {
        const digest = createHash(hash).update(data).digest()
        for (const prehashed of [false, true]) {
          const input = prehashed ? digest : data
          const s = await post(ty, 'sign', { input: b64(input), hashAlgorithm: alg, prehashed })
          expect(s.status).toBe(200)
          const sig = payloadOf(s.body.signature)
          const opts = ty.startsWith('rsa')
            ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: digest.length }
            : pub
          expect(nodeVerify(hash, data, opts, sig)).toBe(true)
          // The SDK's verify has no `prehashed`: the endpoint checks signatures over the message only.
          expect(
            (await post(ty, 'verify', { input: b64(data), signature: s.body.signature, hashAlgorithm: alg })).body.valid
          ).toBe(true)
        }
      }
    }
  )

  it('strict: refuses signatureAlgorithm on sign and prehashed on verify, naming the field', async () => {
    const sign = await post('rsa-3072', 'sign', { input: b64('x'), signatureAlgorithm: 'pkcs1v15' })
    expect([sign.status, sign.body.message]).toEqual([
      400,
      'unknown field "signatureAlgorithm": SignRequest has no such field'
    ])
    const verify = await post('rsa-3072', 'verify', { input: b64('x'), signature: 'thalassa:v1:AAAA', prehashed: true })
    expect([verify.status, verify.body.message]).toEqual([
      400,
      'unknown field "prehashed": VerifySignatureRequest has no such field'
    ])
  })

  it('lenient: signs RSA with PKCS#1 v1.5 on request, plain and prehashed', async () => {
    const pub = createPublicKey(
      ((await t.kms('GET', `/keys/${keys['rsa-3072']!.identity}/public-key`)).body.keys as Record<string, string>)['1']!
    )
    const data = Buffer.from('pkcs1')
    const lenient = await openSandbox({ lenient: true, dataDir: t.dir })
    const lpost = (op: string, body: Record<string, unknown>) =>
      lenient.kms('POST', `/keys/${keys['rsa-3072']!.identity}/${op}`, { body })
    try {
      const plain = await lpost('sign', { input: b64(data), signatureAlgorithm: 'pkcs1v15' })
      expect(nodeVerify('sha256', data, pub, payloadOf(plain.body.signature))).toBe(true)
      const pre = await lpost('sign', {
        input: b64(createHash('sha256').update(data).digest()),
        prehashed: true,
        signatureAlgorithm: 'pkcs1v15'
      })
      expect(nodeVerify('sha256', data, pub, payloadOf(pre.body.signature))).toBe(true)
      // A PKCS#1 signature is not a valid PSS signature.
      expect((await lpost('verify', { input: b64(data), signature: plain.body.signature })).body.valid).toBe(false)
      expect(
        (await lpost('verify', { input: b64(data), signature: plain.body.signature, signatureAlgorithm: 'pkcs1v15' }))
          .body.valid
      ).toBe(true)
      const digest = createHash('sha256').update(data).digest()
      expect(
        (
          await lpost('verify', {
            input: b64(digest),
            signature: pre.body.signature,
            prehashed: true,
            signatureAlgorithm: 'pkcs1v15'
          })
        ).body.valid
      ).toBe(true)
    } finally {
      await lenient.sb.close()
    }
  })

  it.each([
    ['ed25519', { input: b64(Buffer.alloc(32)), prehashed: true }, /ed25519/],
    ['ecdsa-p256', { input: b64('short'), prehashed: true }, /32 bytes/],
    ['rsa-2048', { input: b64('x'), hashAlgorithm: 'md5' }, /hashAlgorithm/],
    ['rsa-2048', { input: b64('x'), signatureAlgorithm: 'raw' }, /signatureAlgorithm/],
    ['ecdsa-p256', { input: b64('x'), prehashed: 'yes' }, /^prehashed must be a JSON boolean$/],
    ['ecdsa-p256', { input: b64('x'), keyVersion: 1 }, /^keyVersion must be a JSON string$/],
    ['ecdsa-p256', { input: b64('x'), keyVersion: 'v1' }, /keyVersion: must be a string of digits/],
    ['ecdsa-p256', { hashAlgorithm: 'sha2-256' }, /^input is required$/]
  ])('refuses a bad sign request for %s', async (ty, body, msg) => {
    const r = await post(ty, 'sign', body)
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(msg)
  })

  it('answers 400 for a malformed signature string and false for garbage bytes', async () => {
    expect((await post('ecdsa-p256', 'verify', { input: b64('x'), signature: 'abc' })).status).toBe(400)
    expect((await post('ecdsa-p256', 'verify', { input: b64('x'), signature: 'thalassa:v1:AAAA' })).body.valid).toBe(
      false
    )
  })
})

describe('hmac / verify-hmac', () => {
  it.each([
    ['hmac', undefined, 'sha256', 32],
    ['hmac', 'sha2-384', 'sha384', 32],
    ['hmac', 'SHA512', 'sha512', 32],
    ['hmac-sha256', undefined, 'sha256', 32],
    ['hmac-sha512', undefined, 'sha512', 64]
  ])('%s with algorithm %s computes a standard HMAC-%s over a %i-byte key', async (ty, algorithm, hash, keyBytes) => {
    const material = unb64((await post(ty, 'export', {})).body.keyMaterial)
    expect(material.length).toBe(keyBytes)
    const h = await post(ty, 'hmac', { input: b64('mac me'), ...(algorithm ? { algorithm } : {}) })
    expect(h.status).toBe(200)
    expect(payloadOf(h.body.hmac)).toEqual(createHmac(hash, material).update('mac me').digest())
    // The SDK names the field `algorithm` on hmac and `hashAlgorithm` on verify-hmac.
    const v1 = await post(ty, 'verify-hmac', {
      input: b64('mac me'),
      hmac: h.body.hmac,
      ...(algorithm ? { hashAlgorithm: algorithm } : {})
    })
    expect(v1.body.valid).toBe(true)
    expect(
      (
        await post(ty, 'verify-hmac', {
          input: b64('mac mE'),
          hmac: h.body.hmac,
          ...(algorithm ? { hashAlgorithm: algorithm } : {})
        })
      ).body.valid
    ).toBe(false)
  })

  it('strict: each endpoint takes only its own SDK field name for the hash; lenient takes both', async () => {
    const h = await post('hmac', 'hmac', { input: b64('m'), hashAlgorithm: 'sha2-256' })
    expect([h.status, h.body.message]).toEqual([400, 'unknown field "hashAlgorithm": HMACRequest has no such field'])
    const mac = (await post('hmac', 'hmac', { input: b64('m'), algorithm: 'sha2-384' })).body.hmac
    const v = await post('hmac', 'verify-hmac', { input: b64('m'), hmac: mac, algorithm: 'sha2-384' })
    expect([v.status, v.body.message]).toEqual([400, 'unknown field "algorithm": VerifyHMACRequest has no such field'])
    const lenient = await openSandbox({ lenient: true, dataDir: t.dir })
    try {
      const r = await lenient.kms('POST', `/keys/${keys.hmac!.identity}/verify-hmac`, {
        body: { input: b64('m'), hmac: mac, algorithm: 'sha2-384' }
      })
      expect(r.body.valid).toBe(true)
    } finally {
      await lenient.sb.close()
    }
  })

  it('refuses a hash that contradicts a fixed HMAC type', async () => {
    expect((await post('hmac-sha256', 'hmac', { input: b64('x'), algorithm: 'sha2-512' })).status).toBe(400)
  })
})

describe('export and public keys', () => {
  it('exports raw symmetric bytes and PKCS#8 DER for asymmetric keys', async () => {
    expect(unb64((await post('aes128-gcm96', 'export', {})).body.keyMaterial).length).toBe(16)
    const { createPrivateKey } = await import('node:crypto')
    const ex = await post('ecdsa-p384', 'export', { keyVersion: '1' })
    expect(ex.body.keyVersion).toBe('1')
    expect(
      createPrivateKey({ key: unb64(ex.body.keyMaterial), format: 'der', type: 'pkcs8' }).asymmetricKeyDetails
        ?.namedCurve
    ).toBe('secp384r1')
  })

  it('refuses export without exportAllowed (400)', async () => {
    const k = await createKey(t, 'aes256-gcm96')
    const r = await t.kms('POST', `/keys/${k.identity}/export`, { body: {} })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/export not allowed/)
  })

  it('returns PEM SPKI for RSA/ECDSA and raw base64 for Ed25519, for all or one version', async () => {
    const rsa = (await t.kms('GET', `/keys/${keys['rsa-2048']!.identity}/public-key`)).body.keys as Record<
      string,
      string
    >
    expect(rsa['1']).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    const ed = (await t.kms('GET', `/keys/${keys.ed25519!.identity}/public-key?version=1`)).body.keys as Record<
      string,
      string
    >
    expect(unb64(ed['1']).length).toBe(32)
    expect((await t.kms('GET', `/keys/${keys.ed25519!.identity}/public-key?version=7`)).status).toBe(400)
    expect((await t.kms('GET', `/keys/${keys.ed25519!.identity}/public-key?version=one`)).status).toBe(400)
  })

  it('serves every version after a rotation; old signatures still verify', async () => {
    const k = await createKey(t, 'ecdsa-p256')
    const s1 = await t.kms('POST', `/keys/${k.identity}/sign`, { body: { input: b64('m') } })
    await t.kms('POST', `/keys/${k.identity}/rotate`)
    const all = (await t.kms('GET', `/keys/${k.identity}/public-key`)).body.keys as Record<string, string>
    expect(Object.keys(all).sort()).toEqual(['1', '2'])
    expect(all['1']).not.toBe(all['2'])
    const v = await t.kms('POST', `/keys/${k.identity}/verify`, {
      body: { input: b64('m'), signature: s1.body.signature }
    })
    expect(v.body).toMatchObject({ valid: true, keyVersion: '1' })
    expect((await t.kms('POST', `/keys/${k.identity}/sign`, { body: { input: b64('m') } })).body.keyVersion).toBe('2')
  })
})
