import { constants, publicEncrypt, randomBytes } from 'node:crypto'
import { kwpWrap } from './kwp'
import type { KeyMaterial } from './material'
import type { HashFunction } from './types'
import type { WrappingKey } from './wrapping-key'

const EPHEMERAL_KEY_BYTES = 32

/**
 * The import blob: base64( RSA-OAEP(hash, MGF1 same hash, empty label)(ephemeral AES-256 key)
 * ‖ AES-KWP(ephemeral key)(material) ). The RSA part is exactly the wrapping modulus size.
 * The ephemeral key is zeroed here; the material stays owned by the caller.
 */
export function wrapMaterial(wrappingKey: WrappingKey, material: KeyMaterial, hashFunction: HashFunction): string {
  const ephemeral = randomBytes(EPHEMERAL_KEY_BYTES)
  try {
    const rsaPart = publicEncrypt(
      { key: wrappingKey.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hashFunction },
      ephemeral
    )
    const kwpPart = kwpWrap(ephemeral, material.bytes)
    return Buffer.concat([rsaPart, kwpPart]).toString('base64')
  } finally {
    ephemeral.fill(0)
  }
}
