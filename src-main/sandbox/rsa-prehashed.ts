import { constants, createHash, privateEncrypt, randomBytes, type KeyObject } from 'node:crypto'
import { DIGEST_INFO, mgf1 } from '../common/rsa-emsa'

/**
 * RSA signatures over a caller-supplied digest (`prehashed: true`): node:crypto's sign() always
 * hashes, so the padding (EMSA-PSS or EMSA-PKCS1-v1_5, RFC 8017) is built here and the raw RSA
 * operation comes from OpenSSL through privateEncrypt/publicDecrypt.
 */
export type Hash = 'sha256' | 'sha384' | 'sha512'

function modBits(key: KeyObject): number {
  return key.asymmetricKeyDetails?.modulusLength ?? 0
}

export function signDigestPkcs1(priv: KeyObject, digest: Buffer, hash: Hash): Buffer {
  const t = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest])
  return privateEncrypt({ key: priv, padding: constants.RSA_PKCS1_PADDING }, t)
}

export function signDigestPss(priv: KeyObject, digest: Buffer, hash: Hash): Buffer {
  const emBits = modBits(priv) - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  const salt = randomBytes(hLen)
  const hh = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([1]), salt])
  const mask = mgf1(hh, db.length, hash)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= 0xff >> (8 * emLen - emBits)
  const em = Buffer.concat([db, hh, Buffer.from([0xbc])])
  const k = modBits(priv) / 8
  const padded = Buffer.concat([Buffer.alloc(k - em.length), em])
  return privateEncrypt({ key: priv, padding: constants.RSA_NO_PADDING }, padded)
}

/** Verification is shared with the app's local verifier (any PSS salt length). */
export { pkcs1OverDigest as verifyDigestPkcs1, pssOverDigest as verifyDigestPss } from '../common/rsa-emsa'
