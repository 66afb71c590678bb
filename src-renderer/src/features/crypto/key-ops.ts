import type { Encoding } from '../../../../src-preload/contract/schemas/crypto'
import type { KeyType } from '../../../../src-preload/contract/schemas/key-types'

/**
 * The operation matrix and payload limits as the renderer needs them to guide the user before a
 * call is made. The renderer may import only types from the contract, so this mirrors
 * contract/schemas/key-types.ts; the Record over KeyType makes a new key type a compile error here.
 */
export type CryptoOp = 'encrypt' | 'sign' | 'hmac'
type Family = 'symmetric' | 'rsa' | 'ecdsa' | 'ed25519' | 'hmac'

const FAMILY: Record<KeyType, Family> = {
  'aes128-gcm96': 'symmetric',
  'aes256-gcm96': 'symmetric',
  'chacha20-poly1305': 'symmetric',
  'rsa-2048': 'rsa',
  'rsa-3072': 'rsa',
  'rsa-4096': 'rsa',
  'ecdsa-p256': 'ecdsa',
  'ecdsa-p384': 'ecdsa',
  'ecdsa-p521': 'ecdsa',
  ed25519: 'ed25519',
  hmac: 'hmac',
  'hmac-sha256': 'hmac',
  'hmac-sha512': 'hmac'
}

const OPS: Record<CryptoOp, readonly Family[]> = {
  encrypt: ['symmetric', 'rsa'],
  sign: ['rsa', 'ecdsa', 'ed25519'],
  hmac: ['hmac']
}

export const MAX_PAYLOAD_BYTES = 65_535

export const familyOf = (t: KeyType): Family => FAMILY[t]
export const canDo = (t: KeyType, op: CryptoOp): boolean => OPS[op].includes(FAMILY[t])

/** RSA-OAEP with SHA-256 takes at most k − 66 bytes: 190 / 318 / 446 for RSA-2048/3072/4096. */
export function rsaOaepLimit(t: KeyType): number | undefined {
  const bits = ({ 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 } as Partial<Record<KeyType, number>>)[t]
  return bits === undefined ? undefined : bits / 8 - 66
}

export interface Measured {
  bytes: number
  /** Why the text cannot be sent as it is; undefined when it can. */
  problem?: string
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Decoded size of what the user typed (UTF-8) or pasted (base64), checked against `limit`. */
export function measure(text: string, encoding: Encoding, limit = MAX_PAYLOAD_BYTES): Measured {
  let bytes: number
  if (encoding === 'base64') {
    const compact = text.replace(/\s+/g, '')
    if (!BASE64.test(compact) || compact.length % 4 !== 0) return { bytes: 0, problem: 'Not valid base64: use A–Z, a–z, 0–9, + and / with = padding, or switch to UTF-8 text.' }
    bytes = (compact.length / 4) * 3 - (compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0)
  } else {
    bytes = new TextEncoder().encode(text).length
  }
  if (bytes < 1) return { bytes, problem: 'Enter at least 1 byte.' }
  if (bytes > limit) return { bytes, problem: `${bytes.toLocaleString('en')} bytes is over the limit of ${limit.toLocaleString('en')} bytes.` }
  return { bytes }
}

/** Digest length a prehashed input must have for each hash algorithm. */
export const DIGEST_BYTES = { 'sha2-256': 32, 'sha2-384': 48, 'sha2-512': 64 } as const
