import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  ByokError,
  IMPORTABLE_KEY_TYPES,
  generateMaterial,
  loadMaterial,
  loadMaterialFile,
  spkiFingerprint,
  type LoadMaterialOptions
} from '../../../../../src-main/services/byok'

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey
const ed = generateKeyPairSync('ed25519').privateKey
const pkcs8 = (k: KeyObject): Buffer => k.export({ format: 'der', type: 'pkcs8' })
const pem = (k: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1'): string => k.export({ format: 'pem', type }).toString()

function refused(keyType: string, input: Uint8Array | string, opts?: LoadMaterialOptions): ByokError {
  try {
    loadMaterial(keyType, input, opts)
  } catch (e) {
    expect(e).toBeInstanceOf(ByokError)
    expect((e as ByokError).code).toBe('bad_input')
    return e as ByokError
  }
  throw new Error('material was accepted')
}

describe('generateMaterial', () => {
  const sizes: Record<string, number> = { 'aes128-gcm96': 16, 'aes256-gcm96': 32, 'chacha20-poly1305': 32 }
  for (const t of IMPORTABLE_KEY_TYPES) {
    it(`generates ${t} material that passes the checker`, async () => {
      const m = await generateMaterial(t)
      expect(m.keyType).toBe(t)
      const len = sizes[t]
      if (len !== undefined) {
        expect(m.bytes.length).toBe(len)
        expect(m.publicKey).toBeUndefined()
      } else {
        const k = createPrivateKey({ key: m.bytes, format: 'der', type: 'pkcs8' })
        expect(m.publicKey?.fingerprint).toBe(spkiFingerprint(k))
        expect(loadMaterial(t, m.bytes, { format: 'der' }).bytes.equals(m.bytes)).toBe(true)
      }
    })
  }

  it('refuses HMAC types, saying the service does not import them', async () => {
    for (const t of ['hmac', 'hmac-sha256', 'hmac-sha512']) {
      await expect(generateMaterial(t)).rejects.toThrow(/does not import HMAC keys/)
    }
  })

  it('refuses an unknown type', async () => {
    await expect(generateMaterial('aes512')).rejects.toThrow(/Unknown key type "aes512"/)
  })
})

describe('loadMaterial accepts every documented encoding', () => {
  const key32 = randomBytes(32)
  const symmetric: [string, Uint8Array | string, LoadMaterialOptions?][] = [
    ['raw bytes', key32],
    ['hex', key32.toString('hex')],
    ['0x hex with colons', `0x${key32.toString('hex').match(/../g)?.join(':')}\n`],
    ['base64', `${key32.toString('base64')}\n`],
    ['base64url', key32.toString('base64url')],
    ['JWK oct', JSON.stringify({ kty: 'oct', k: key32.toString('base64url') })]
  ]
  for (const [label, input, opts] of symmetric) {
    it(`aes256-gcm96 from ${label}`, () => {
      expect(loadMaterial('aes256-gcm96', input, opts).bytes.equals(key32)).toBe(true)
    })
  }

  it('raw bytes that look like text when the format is forced', () => {
    const printable = Buffer.from('0123456789abcdef', 'latin1')
    expect(loadMaterial('aes128-gcm96', printable, { format: 'raw' }).bytes.equals(printable)).toBe(true)
    expect(refused('aes128-gcm96', printable).message).toMatch(/decodes \(as hex\) to 8 bytes/)
  })

  const ecWithParams = `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${pem(p256, 'sec1')}`
  const asymmetric: [string, string, KeyObject, Uint8Array | string, LoadMaterialOptions?][] = [
    ['PEM PKCS#8', 'rsa-2048', rsa2048, pem(rsa2048, 'pkcs8')],
    ['PEM PKCS#1', 'rsa-2048', rsa2048, pem(rsa2048, 'pkcs1')],
    ['DER PKCS#1', 'rsa-2048', rsa2048, rsa2048.export({ format: 'der', type: 'pkcs1' })],
    ['base64 DER', 'rsa-2048', rsa2048, pkcs8(rsa2048).toString('base64')],
    ['JWK', 'rsa-2048', rsa2048, JSON.stringify(rsa2048.export({ format: 'jwk' }))],
    ['PEM SEC1', 'ecdsa-p256', p256, pem(p256, 'sec1')],
    ['PEM SEC1 after EC PARAMETERS', 'ecdsa-p256', p256, ecWithParams],
    ['DER SEC1', 'ecdsa-p256', p256, p256.export({ format: 'der', type: 'sec1' })],
    ['hex DER PKCS#8', 'ecdsa-p384', p384, pkcs8(p384).toString('hex')],
    ['JWK', 'ecdsa-p384', p384, JSON.stringify(p384.export({ format: 'jwk' }))],
    ['DER PKCS#8', 'ed25519', ed, pkcs8(ed)],
    ['raw 32-byte seed', 'ed25519', ed, pkcs8(ed).subarray(16)],
    ['hex seed', 'ed25519', ed, pkcs8(ed).subarray(16).toString('hex')],
    ['JWK', 'ed25519', ed, JSON.stringify(ed.export({ format: 'jwk' }))]
  ]
  for (const [label, t, key, input, opts] of asymmetric) {
    it(`${t} from ${label}, as PKCS#8 DER with its public fingerprint`, () => {
      const m = loadMaterial(t, input, opts)
      expect(m.bytes.equals(pkcs8(key))).toBe(true)
      expect(m.publicKey?.fingerprint).toBe(spkiFingerprint(key))
      expect(m.publicKey?.pem).toBe(createPublicKey(key).export({ format: 'pem', type: 'spki' }))
    })
  }

  it('an encrypted PKCS#8 PEM with its passphrase, and refuses it without or with a wrong one', () => {
    const enc = p256.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString()
    expect(loadMaterial('ecdsa-p256', enc, { passphrase: 'pw' }).bytes.equals(pkcs8(p256))).toBe(true)
    expect(refused('ecdsa-p256', enc).message).toMatch(/encrypted with a passphrase/)
    expect(refused('ecdsa-p256', enc, { passphrase: 'nope' }).message).toMatch(/wrong passphrase/)
  })

  it('a file, through loadMaterialFile', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'byok-mat-'))
    try {
      await fs.writeFile(path.join(dir, 'k.pem'), pem(ed, 'pkcs8'))
      expect((await loadMaterialFile('ed25519', path.join(dir, 'k.pem'))).bytes.equals(pkcs8(ed))).toBe(true)
      await expect(loadMaterialFile('ed25519', path.join(dir, 'missing.pem'))).rejects.toThrow(
        /could not be read.*does not exist/
      )
    } finally {
      await fs.rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the checker refuses, saying what was wrong', () => {
  it('a symmetric key of the wrong length', () => {
    expect(refused('aes256-gcm96', randomBytes(16)).message).toMatch(
      /aes256-gcm96 needs exactly 32 random bytes \(256 bits\); the input decodes \(as raw\) to 16 bytes/
    )
    expect(refused('aes128-gcm96', randomBytes(32).toString('base64')).message).toMatch(
      /needs exactly 16 random bytes.*as base64\) to 32 bytes/
    )
  })

  it('an asymmetric key for a symmetric type (PEM and bare DER)', () => {
    expect(refused('aes128-gcm96', pem(rsa2048, 'pkcs8')).message).toMatch(
      /aes128-gcm96 needs exactly 16 random bytes.*but the input is an RSA-2048 private key/
    )
    expect(refused('chacha20-poly1305', pkcs8(p256)).message).toMatch(/but the input is an EC P-256 private key/)
  })

  it('a public key instead of the private key (PEM, DER, JWK)', () => {
    const pubPem = createPublicKey(rsa2048).export({ format: 'pem', type: 'spki' }).toString()
    expect(refused('rsa-2048', pubPem).message).toMatch(/an RSA-2048 public key, but importing needs the private key/)
    expect(refused('ecdsa-p256', createPublicKey(p256).export({ format: 'der', type: 'spki' })).message).toMatch(
      /EC P-256 public key, but importing needs the private key/
    )
    const pubJwk = JSON.stringify(createPublicKey(ed).export({ format: 'jwk' }))
    expect(refused('ed25519', pubJwk).message).toMatch(/an Ed25519 public key, but importing needs the private key/)
  })

  it('the wrong curve', () => {
    expect(refused('ecdsa-p256', pem(p384, 'pkcs8')).message).toMatch(
      /ecdsa-p256 needs an EC private key on curve P-256, but the input is an EC P-384 private key/
    )
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey
    expect(refused('ecdsa-p256', pem(k1, 'pkcs8')).message).toMatch(/is an EC secp256k1 private key/)
  })

  it('the wrong RSA size', () => {
    expect(refused('rsa-4096', pem(rsa2048, 'pkcs8')).message).toMatch(
      /rsa-4096 needs an RSA private key with a 4096-bit modulus, but the input is an RSA-2048 private key/
    )
  })

  it('the wrong family', () => {
    expect(refused('ecdsa-p256', pem(rsa2048, 'pkcs8')).message).toMatch(/but the input is an RSA-2048 private key/)
    expect(refused('ed25519', pem(p256, 'pkcs8')).message).toMatch(
      /ed25519 needs an Ed25519 private key, but the input is an EC P-256 private key/
    )
    expect(
      refused('rsa-2048', JSON.stringify({ kty: 'oct', k: randomBytes(32).toString('base64url') })).message
    ).toMatch(/rsa-2048 needs an RSA private key with a 2048-bit modulus, but the input is a symmetric JWK/)
  })

  it('an RSA-PSS-restricted key', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey
    expect(refused('rsa-2048', pem(pss, 'pkcs8')).message).toMatch(/RSA-PSS-restricted.*plain RSA keys/)
  })

  it('bytes that are not a key for an asymmetric type', () => {
    expect(refused('rsa-2048', randomBytes(100)).message).toMatch(
      /rsa-2048 needs an RSA private key.*\(100 bytes as raw\) is not a DER-encoded key/
    )
  })

  it('HMAC types', () => {
    expect(refused('hmac-sha256', randomBytes(32)).message).toMatch(/does not import HMAC keys/)
    expect(refused('hmac', randomBytes(32)).field).toBe('keyType')
  })

  it('all-zero, empty, malformed and unsupported inputs', () => {
    expect(refused('aes256-gcm96', Buffer.alloc(32)).message).toMatch(/all zero bytes/)
    expect(refused('aes256-gcm96', Buffer.alloc(0)).message).toMatch(/input is empty/)
    expect(refused('aes256-gcm96', 'abc', { format: 'hex' }).message).toMatch(/not valid hex/)
    expect(refused('aes256-gcm96', 'a!b@c#', { format: 'base64' }).message).toMatch(/not valid base64/)
    expect(refused('aes256-gcm96', 'hello, world!').message).toMatch(/text but not PEM, JWK, hex or base64/)
    expect(
      refused('ed25519', '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n').hint
    ).toMatch(/ssh-keygen -p -m PKCS8/)
    expect(refused('rsa-2048', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n').message).toMatch(
      /certificate/
    )
    expect(refused('rsa-2048', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n').message).toMatch(
      /corrupted/
    )
    expect(refused('rsa-2048', '{"keys": []}').message).toMatch(/not a JWK/)
    expect(refused('rsa-2048', '{"kty": "RSA", "d": ').message).toMatch(/JWK is not valid JSON/)
    expect(refused('aes256-gcm96', '{"kty": "oct"}').message).toMatch(/symmetric JWK has no "k"/)
    expect(refused('ecdsa-p256', '{"kty": "EC", "crv": "P-999", "x": "AA", "y": "AA", "d": "AA"}').message).toMatch(
      /EC JWK is invalid or uses an unsupported curve/
    )
    expect(refused('rsa-2048', '-----BEGIN PRIVATE KEY-----\nAAAA\n').message).toMatch(/no complete BEGIN\/END block/)
    expect(refused('rsa-2048', '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n').message).toMatch(
      /"X509 CRL" is not a key/
    )
  })
})

describe('KeyMaterial', () => {
  it('zeroes its bytes on destroy and refuses further use', () => {
    const m = loadMaterial('aes256-gcm96', randomBytes(32))
    const bytes = m.bytes
    m.destroy()
    expect(bytes.every((b) => b === 0)).toBe(true)
    expect(m.destroyed).toBe(true)
    expect(() => m.bytes).toThrow(/already wrapped and erased/)
  })

  it('never serialises its bytes', () => {
    const m = loadMaterial('ed25519', pkcs8(ed))
    const json = JSON.stringify(m)
    expect(json).not.toContain(pkcs8(ed).toString('base64'))
    expect(JSON.parse(json)).toEqual({ keyType: 'ed25519', publicKeyFingerprint: spkiFingerprint(ed) })
  })

  it("leaves the caller's input buffer alone", () => {
    const input = randomBytes(32)
    const copy = Buffer.from(input)
    loadMaterial('aes256-gcm96', input)
    expect(input.equals(copy)).toBe(true)
  })
})
