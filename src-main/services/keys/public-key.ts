import { createHash, createPublicKey, type KeyObject } from 'node:crypto'

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/** A public key as the KMS returns it: PEM SPKI for RSA/ECDSA, base64 of the raw 32 bytes for Ed25519. */
export function kmsPublicKey(value: string): KeyObject {
  if (value.includes('-----BEGIN')) return createPublicKey(value)
  const raw = Buffer.from(value, 'base64')
  if (raw.length !== 32) throw new Error('the public key is neither PEM nor a raw Ed25519 key')
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

export function spkiDer(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' })
}

/** SHA-256 over the DER SubjectPublicKeyInfo, lowercase hex pairs joined by colons (as `openssl dgst -sha256 -c`). */
function fingerprintOf(key: KeyObject): string {
  return (createHash('sha256').update(spkiDer(key)).digest('hex').match(/../g) ?? []).join(':')
}

export interface PublicKeyView {
  version: number
  pem: string
  jwk: Record<string, string>
  fingerprint: string
}

/** Every export format of one key version, derived from the KMS's own encoding. */
export function publicKeyView(version: number, value: string): PublicKeyView {
  const key = kmsPublicKey(value)
  const jwk = Object.fromEntries(
    Object.entries(key.export({ format: 'jwk' })).filter((e): e is [string, string] => typeof e[1] === 'string')
  )
  return { version, pem: key.export({ format: 'pem', type: 'spki' }).toString(), jwk, fingerprint: fingerprintOf(key) }
}
