import { createPublicKey, type KeyObject } from 'node:crypto'
import { FileError } from '../shared/file-errors'

/**
 * Parses an exported public key: PEM (`-----BEGIN PUBLIC KEY-----`, RSA/ECDSA) or the base64 raw
 * 32-byte Ed25519 key the KMS exports.
 */
export function parsePublicKey(text: string): KeyObject {
  const t = text.trim()
  try {
    if (t.startsWith('-----BEGIN')) return createPublicKey(t)
    const raw = Buffer.from(t, 'base64')
    if (raw.length === 32 && raw.toString('base64') === t) {
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
    }
  } catch {
    // Fall through to the clear error below.
  }
  throw new FileError('bad_input', 'The public key is neither a PEM public key nor a base64 Ed25519 key', {
    hint: 'Export the public key of the signing key from the KMS and use it as is.'
  })
}
