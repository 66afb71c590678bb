import { constants, createHash, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyLocally } from '../../../../../src-main/services/signing/local-verify'
import { kmsBytes, versionOf } from '../../../../../src-main/services/signing/kms-string'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const rsa3072 = generateKeyPairSync('rsa', { modulusLength: 3072 })
const message = Buffer.from('a message the KMS signed')

describe('local verification (a public key, a hash, a digest or a message, signature bytes)', () => {
  it.each([
    [
      'PSS, salt = digest length',
      { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
      'rsa-pss'
    ],
    [
      'PSS, maximal salt (Vault default)',
      { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_MAX_SIGN },
      'rsa-pss'
    ],
    ['PSS, no salt', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 0 }, 'rsa-pss'],
    ['PKCS#1 v1.5', { padding: constants.RSA_PKCS1_PADDING }, 'rsa-pkcs1v15']
  ] as const)('RSA %s: verified over the message and over its digest, naming the scheme', (_n, opts, scheme) => {
    for (const hash of ['sha256', 'sha512'] as const) {
      const sig = sign(hash, message, { key: rsa.privateKey, ...opts })
      const digest = createHash(hash).update(message).digest()
      expect(
        verifyLocally({ publicKey: rsa.publicKey, hash, prehashed: false, data: message, signature: sig })
      ).toEqual({ valid: true, scheme })
      expect(verifyLocally({ publicKey: rsa.publicKey, hash, prehashed: true, data: digest, signature: sig })).toEqual({
        valid: true,
        scheme
      })
      // Negative: another message, another key, a flipped bit, the wrong hash.
      expect(
        verifyLocally({
          publicKey: rsa.publicKey,
          hash,
          prehashed: false,
          data: Buffer.from('another'),
          signature: sig
        }).valid
      ).toBe(false)
      expect(
        verifyLocally({ publicKey: rsa3072.publicKey, hash, prehashed: true, data: digest, signature: sig }).valid
      ).toBe(false)
      const flipped = Buffer.from(sig)
      flipped[10]! ^= 1
      expect(
        verifyLocally({ publicKey: rsa.publicKey, hash, prehashed: true, data: digest, signature: flipped }).valid
      ).toBe(false)
    }
    const sig = sign('sha256', message, { key: rsa.privateKey, ...opts })
    expect(
      verifyLocally({ publicKey: rsa.publicKey, hash: 'sha384', prehashed: false, data: message, signature: sig }).valid
    ).toBe(false)
  })

  it.each([
    ['P-256', 'sha256'],
    ['P-384', 'sha384'],
    ['P-521', 'sha512'],
    ['P-256', 'sha512']
  ] as const)('ECDSA %s %s: DER and r‖s, over a digest', (curve, hash) => {
    const ec = generateKeyPairSync('ec', { namedCurve: curve })
    const digest = createHash(hash).update(message).digest()
    const der = sign(hash, message, { key: ec.privateKey, dsaEncoding: 'der' })
    const raw = sign(hash, message, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })
    expect(verifyLocally({ publicKey: ec.publicKey, hash, prehashed: true, data: digest, signature: der })).toEqual({
      valid: true,
      scheme: 'ecdsa-der'
    })
    expect(verifyLocally({ publicKey: ec.publicKey, hash, prehashed: true, data: digest, signature: raw })).toEqual({
      valid: true,
      scheme: 'ecdsa-p1363'
    })
    expect(verifyLocally({ publicKey: ec.publicKey, hash, prehashed: false, data: message, signature: der })).toEqual({
      valid: true,
      scheme: 'ecdsa-der'
    })
    const other = createHash(hash).update('other').digest()
    expect(verifyLocally({ publicKey: ec.publicKey, hash, prehashed: true, data: other, signature: der }).valid).toBe(
      false
    )
  })

  it('Ed25519 signs the bytes it is given (a file digest is its message)', () => {
    const ed = generateKeyPairSync('ed25519')
    const digest = createHash('sha256').update(message).digest()
    const sig = sign(null, digest, ed.privateKey)
    expect(
      verifyLocally({ publicKey: ed.publicKey, hash: 'sha256', prehashed: false, data: digest, signature: sig })
    ).toEqual({ valid: true, scheme: 'ed25519' })
    expect(
      verifyLocally({ publicKey: ed.publicKey, hash: 'sha256', prehashed: false, data: message, signature: sig }).valid
    ).toBe(false)
    expect(
      verifyLocally({
        publicKey: ed.publicKey,
        hash: 'sha256',
        prehashed: false,
        data: digest,
        signature: Buffer.alloc(3)
      }).valid
    ).toBe(false)
  })
})

describe('opaque KMS strings', () => {
  it('takes the version from a …:v<N>: prefix when there is one, and the payload either way', () => {
    expect(versionOf('thalassa:v12:AAEC')).toBe(12)
    expect(versionOf('vault:v3:AAEC')).toBe(3)
    expect(versionOf('AAEC')).toBeUndefined()
    expect(versionOf('thalassa:vx:AAEC')).toBeUndefined()
    expect(kmsBytes('thalassa:v1:AAEC')).toEqual(Buffer.from([0, 1, 2]))
    expect(kmsBytes('AAEC')).toEqual(Buffer.from([0, 1, 2]))
    expect(kmsBytes('_-8')).toEqual(Buffer.from([0xff, 0xef]))
  })
})
