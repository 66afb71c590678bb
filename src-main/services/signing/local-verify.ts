import { p256, p384, p521 } from '@noble/curves/nist.js'
import { constants, createHash, publicDecrypt, timingSafeEqual, verify as nodeVerify, type KeyObject } from 'node:crypto'

/**
 * Signature checks against a public key, with no KMS call: the one place that knows how the KMS
 * may have signed. The API does not say which RSA padding or salt length the service uses, nor
 * whether ECDSA comes DER- or fixed-size-encoded, so every accepted scheme is tried and the one
 * that matched is reported. Works over a message or over a digest the caller already has (the
 * SDK's verify endpoint has no `prehashed`, so signatures over digests are checked here).
 */
export type VerifyHash = 'sha256' | 'sha384' | 'sha512'
export type SignatureScheme = 'rsa-pss' | 'rsa-pkcs1v15' | 'ecdsa-der' | 'ecdsa-p1363' | 'ed25519'

export const SCHEME_LABEL: Record<SignatureScheme, string> = {
  'rsa-pss': 'RSA-PSS',
  'rsa-pkcs1v15': 'RSA PKCS#1 v1.5',
  'ecdsa-der': 'ECDSA (DER)',
  'ecdsa-p1363': 'ECDSA (r‖s)',
  ed25519: 'Ed25519'
}

export interface LocalVerifyInput {
  publicKey: KeyObject
  hash: VerifyHash
  /** true: `data` is the digest the signature was made over; false: `data` is the signed message. */
  prehashed: boolean
  data: Buffer
  signature: Buffer
}

export interface LocalVerifyResult {
  valid: boolean
  /** The scheme that matched (only when valid). */
  scheme?: SignatureScheme
}

const DIGEST_INFO: Record<VerifyHash, string> = {
  sha256: '3031300d060960864801650304020105000420',
  sha384: '3041300d060960864801650304020205000430',
  sha512: '3051300d060960864801650304020305000440'
}

function mgf1(seed: Buffer, length: number, hash: VerifyHash): Buffer {
  const parts: Buffer[] = []
  for (let c = 0, got = 0; got < length; c++) {
    const counter = Buffer.alloc(4)
    counter.writeUInt32BE(c)
    const d = createHash(hash).update(seed).update(counter).digest()
    parts.push(d)
    got += d.length
  }
  return Buffer.concat(parts).subarray(0, length)
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with the salt length read from the encoding: any salt. */
function pssOverDigest(pub: KeyObject, digest: Buffer, sig: Buffer, hash: VerifyHash): boolean {
  const modBits = pub.asymmetricKeyDetails?.modulusLength ?? 0
  let raw: Buffer
  try {
    raw = publicDecrypt({ key: pub, padding: constants.RSA_NO_PADDING }, sig)
  } catch {
    return false
  }
  const emBits = modBits - 1
  const emLen = Math.ceil(emBits / 8)
  const hLen = digest.length
  const em = raw.subarray(raw.length - emLen)
  if (emLen < hLen + 2 || em[em.length - 1] !== 0xbc) return false
  const topMask = 0xff >> (8 * emLen - emBits)
  if ((em[0]! & ~topMask) !== 0) return false
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1))
  const h = em.subarray(emLen - hLen - 1, emLen - 1)
  const mask = mgf1(h, db.length, hash)
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!
  db[0]! &= topMask
  const one = db.findIndex((b) => b !== 0)
  if (one < 0 || db[one] !== 1) return false
  const salt = db.subarray(one + 1)
  const want = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest()
  return timingSafeEqual(want, h)
}

function pkcs1OverDigest(pub: KeyObject, digest: Buffer, sig: Buffer, hash: VerifyHash): boolean {
  try {
    const t = publicDecrypt({ key: pub, padding: constants.RSA_PKCS1_PADDING }, sig)
    const want = Buffer.concat([Buffer.from(DIGEST_INFO[hash], 'hex'), digest])
    return t.length === want.length && timingSafeEqual(t, want)
  } catch {
    return false
  }
}

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const

function ecdsaOverDigest(pub: KeyObject, digest: Buffer, sig: Buffer, format: 'der' | 'compact'): boolean {
  const jwk = pub.export({ format: 'jwk' })
  const curve = CURVES[jwk.crv as keyof typeof CURVES]
  if (!curve || !jwk.x || !jwk.y) return false
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')])
  try {
    // OpenSSL-made signatures may have a high S: accept them, as OpenSSL does.
    return curve.verify(sig, digest, point, { prehash: false, lowS: false, format })
  } catch {
    return false
  }
}

export function verifyLocally(i: LocalVerifyInput): LocalVerifyResult {
  const type = i.publicKey.asymmetricKeyType
  if (type === 'ed25519') {
    // Ed25519 signs the message itself: a "digest" here is the message that was signed.
    let ok = false
    try {
      ok = nodeVerify(null, i.data, i.publicKey, i.signature)
    } catch {
      ok = false
    }
    return ok ? { valid: true, scheme: 'ed25519' } : { valid: false }
  }
  const digest = i.prehashed ? i.data : createHash(i.hash).update(i.data).digest()
  if (type === 'rsa') {
    if (pssOverDigest(i.publicKey, digest, i.signature, i.hash)) return { valid: true, scheme: 'rsa-pss' }
    if (pkcs1OverDigest(i.publicKey, digest, i.signature, i.hash)) return { valid: true, scheme: 'rsa-pkcs1v15' }
    return { valid: false }
  }
  if (type === 'ec') {
    if (ecdsaOverDigest(i.publicKey, digest, i.signature, 'der')) return { valid: true, scheme: 'ecdsa-der' }
    if (ecdsaOverDigest(i.publicKey, digest, i.signature, 'compact')) return { valid: true, scheme: 'ecdsa-p1363' }
  }
  return { valid: false }
}
