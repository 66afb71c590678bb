import type { Encoding } from '@contract/schemas/crypto'
import { MAX_PAYLOAD_BYTES, supports, type KeyType } from '@contract/key-matrix'

/** Payload checks the renderer makes before a call, on top of the contract's key matrix. */
export type CryptoOp = 'encrypt' | 'sign' | 'hmac'

export { MAX_PAYLOAD_BYTES, isKeyType, keyFamily as familyOf, rsaOaepLimit } from '@contract/key-matrix'

/** False for a key type this version does not know. */
export const canDo = (t: KeyType | string, op: CryptoOp): boolean => supports(t, op)

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
    if (!BASE64.test(compact) || compact.length % 4 !== 0)
      return {
        bytes: 0,
        problem: 'Not valid base64: use A–Z, a–z, 0–9, + and / with = padding, or switch to UTF-8 text.'
      }
    bytes = (compact.length / 4) * 3 - (compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0)
  } else {
    bytes = new TextEncoder().encode(text).length
  }
  if (bytes < 1) return { bytes, problem: 'Enter at least 1 byte.' }
  if (bytes > limit)
    return {
      bytes,
      problem: `${bytes.toLocaleString('en')} bytes is over the limit of ${limit.toLocaleString('en')} bytes.`
    }
  return { bytes }
}

/** Digest length a prehashed input must have for each hash algorithm. */
export const DIGEST_BYTES = { 'sha2-256': 32, 'sha2-384': 48, 'sha2-512': 64 } as const
