import { p256, p384, p521 } from '@noble/curves/nist.js'
import { createHash, verify as nodeVerify, type KeyObject } from 'node:crypto'
import { pkcs1OverDigest, pssOverDigest } from '../../common/rsa-emsa'

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
