import {
  constants,
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  verify,
  type KeyObject
} from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { b64, createKey, openSandbox, uniqueName, type TestSandbox } from './helpers'

let t: TestSandbox
let wrappingPem: string
/**
 * An RSA-4096 key that is not the sandbox's (generating one costs seconds of CPU): the material of
 * the rsa-4096 import, and the "other key" a blob is wrapped for.
 */
let rsa4096: KeyObject

beforeAll(async () => {
  rsa4096 = createPrivateKey(
    await readFile(new URL('../../../fixtures/byok/sandbox-wrapping-key.test-only.pem', import.meta.url), 'utf8')
  )
  t = await openSandbox()
  const r = await t.kms('GET', '/wrapping-key')
  expect(r.status).toBe(200)
  wrappingPem = String(r.body.publicKey)
}, 60_000)
afterAll(async () => {
  await t.stop()
})

/** The wrap, independent of the sandbox code: node RSA-OAEP + OpenSSL's id-aes256-wrap-pad (RFC 5649). */
function wrap(material: Buffer, hash = 'sha256', pem = wrappingPem): string {
  const ephemeral = randomBytes(32)
  const rsa = publicEncrypt({ key: pem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ephemeral)
  const kwp = createCipheriv('id-aes256-wrap-pad', ephemeral, Buffer.from('A65959A6', 'hex'))
  return Buffer.concat([rsa, kwp.update(material), kwp.final()]).toString('base64')
}

const pkcs8 = (k: KeyObject) => k.export({ format: 'der', type: 'pkcs8' })
const asym = (type: 'rsa' | 'ec' | 'ed25519', opts: Record<string, unknown>) => {
  const { privateKey } = generateKeyPairSync(type as 'rsa', opts as { modulusLength: number })
  return privateKey
}

const importKey = (keyType: string, importKeyMaterial: string, extra: Record<string, unknown> = {}) =>
  t.kms('POST', '/keys', { body: { name: uniqueName(`byok ${keyType}`), keyType, importKeyMaterial, ...extra } })

const sigOf = (s: unknown) => Buffer.from(String(s).replace(/^thalassa:v1:/, ''), 'base64')

describe('wrapping key', () => {
  it('is one RSA-4096 PEM public key per region, stable across calls', async () => {
    const pub = createPublicKey(wrappingPem)
    expect(wrappingPem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(4096)
    expect((await t.kms('GET', '/wrapping-key')).body.publicKey).toBe(wrappingPem)
  })
})

describe('import of every importable type', () => {
  it.each([
    ['aes128-gcm96', 16],
    ['aes256-gcm96', 32],
    ['chacha20-poly1305', 32]
  ])('%s: raw bytes; the sandbox ciphertext opens with the original key', async (keyType, size) => {
    const material = randomBytes(size)
    const r = await importKey(keyType, wrap(material))
    expect(r.status).toBe(201)
    expect(r.body).toMatchObject({ imported: true, keyType })
    const e = await t.kms('POST', `/keys/${String(r.body.identity)}/encrypt`, { body: { plaintext: b64('byok') } })
    const raw = sigOf(e.body.ciphertext)
    if (keyType !== 'chacha20-poly1305') {
      const d = createDecipheriv(
        keyType === 'aes128-gcm96' ? 'aes-128-gcm' : 'aes-256-gcm',
        material,
        raw.subarray(0, 12)
      )
      d.setAuthTag(raw.subarray(raw.length - 16))
      expect(Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString()).toBe('byok')
    } else {
      const d = createDecipheriv('chacha20-poly1305', material, raw.subarray(0, 12), { authTagLength: 16 })
      d.setAuthTag(raw.subarray(raw.length - 16))
      expect(Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString()).toBe('byok')
    }
  })

  it.each([
    ['rsa-2048', () => asym('rsa', { modulusLength: 2048 }), 'sha256'],
    ['rsa-3072', () => asym('rsa', { modulusLength: 3072 }), 'sha256'],
    ['rsa-4096', () => rsa4096, 'sha256'],
    ['ecdsa-p256', () => asym('ec', { namedCurve: 'P-256' }), 'sha256'],
    ['ecdsa-p384', () => asym('ec', { namedCurve: 'P-384' }), 'sha384'],
    ['ecdsa-p521', () => asym('ec', { namedCurve: 'P-521' }), 'sha512'],
    ['ed25519', () => asym('ed25519', {}), null]
  ])('%s: PKCS#8 DER; signatures verify with the original public key', async (keyType, gen, hash) => {
    const priv = gen()
    const r = await importKey(keyType, wrap(pkcs8(priv)))
    expect(r.status).toBe(201)
    expect(r.body.imported).toBe(true)
    const hashAlgorithm = hash === null ? undefined : hash.replace('sha', 'sha2-')
    const s = await t.kms('POST', `/keys/${String(r.body.identity)}/sign`, {
      body: { input: b64('imported'), hashAlgorithm }
    })
    expect(s.status).toBe(200)
    const pub = createPublicKey(priv)
    // RSA signatures are RSASSA-PSS.
    const key = keyType.startsWith('rsa')
      ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : pub
    expect(verify(hash, Buffer.from('imported'), key, sigOf(s.body.signature))).toBe(true)
  })
})

describe('hashFunction', () => {
  it.each(['sha256', 'SHA256', 'sha1', 'SHA1', 'sha384', 'Sha512'])(
    'accepts %s when the wrap used it',
    async (hashFunction) => {
      const r = await importKey('aes256-gcm96', wrap(randomBytes(32), hashFunction.toLowerCase()), { hashFunction })
      expect(r.status).toBe(201)
    }
  )

  it('fails with a clear 400 when hashFunction does not match the wrap', async () => {
    const r = await importKey('aes256-gcm96', wrap(randomBytes(32), 'sha1'), { hashFunction: 'sha256' })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/RSA-OAEP/)
  })

  it('rejects an unknown hashFunction', async () => {
    const r = await importKey('aes256-gcm96', wrap(randomBytes(32)), { hashFunction: 'md5' })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/hashFunction/)
  })
})

describe('refusals', () => {
  it.each(['hmac', 'hmac-sha256', 'hmac-sha512'])('%s cannot be imported', async (keyType) => {
    const r = await importKey(keyType, wrap(randomBytes(32)))
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/cannot be imported/)
  })

  it.each([
    ['aes256-gcm96', () => randomBytes(16), /32 raw bytes/],
    ['rsa-2048', () => randomBytes(64), /PKCS#8/],
    ['ecdsa-p256', () => pkcs8(asym('ec', { namedCurve: 'P-384' })), /does not match/],
    ['ed25519', () => pkcs8(asym('ec', { namedCurve: 'P-256' })), /does not match/]
  ])('%s refuses material of the wrong shape', async (keyType, material, msg) => {
    const r = await importKey(keyType, wrap(material()))
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(msg)
  })

  it('refuses a blob wrapped for another key, a truncated blob and non-base64', async () => {
    const other = createPublicKey(rsa4096).export({ format: 'pem', type: 'spki' }).toString()
    expect(other).not.toBe(wrappingPem)
    expect((await importKey('aes256-gcm96', wrap(randomBytes(32), 'sha256', other))).status).toBe(400)
    const good = Buffer.from(wrap(randomBytes(32)), 'base64')
    good[good.length - 1]! ^= 1
    const tampered = await importKey('aes256-gcm96', good.toString('base64'))
    expect(tampered.status).toBe(400)
    expect(tampered.body.message).toMatch(/AES-KWP/)
    expect((await importKey('aes256-gcm96', b64(randomBytes(100)))).status).toBe(400)
    expect((await importKey('aes256-gcm96', '@@@')).status).toBe(400)
  })

  it('asks for the wrapping key first in a region that has none yet', async () => {
    const r = await t.kms('POST', '/keys', {
      region: 'nl-02',
      body: { name: uniqueName('early'), keyType: 'aes256-gcm96', importKeyMaterial: wrap(randomBytes(32)) }
    })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/wrapping-key/)
  })
})

describe('rotation of imported keys', () => {
  it('refuses rotate and automatic rotation without allowRotation (400), allows them with it', async () => {
    const fixed = await importKey('aes256-gcm96', wrap(randomBytes(32)))
    const id = String(fixed.body.identity)
    expect((await t.kms('POST', `/keys/${id}/rotate`)).status).toBe(400)
    expect(
      (await t.kms('PATCH', `/keys/${id}/rotation`, { body: { keyRotationEnabled: true, rotationPeriodInDays: 10 } }))
        .status
    ).toBe(400)
    const rotatable = await importKey('aes256-gcm96', wrap(randomBytes(32)), { allowRotation: true })
    const r = await t.kms('POST', `/keys/${String(rotatable.body.identity)}/rotate`)
    expect(r.status).toBe(200)
    expect(r.body.latestVersion).toBe(2)
  })

  it('a generated key is not marked imported', async () => {
    expect((await createKey(t, 'aes256-gcm96')).imported).toBe(false)
  })
})
