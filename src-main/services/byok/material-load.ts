import { createPrivateKey } from 'node:crypto'
import { readInputFile } from './atomic-write'
import { badInput } from './errors'
import type { KeyMaterial } from './material'
import { checkPrivateKey, checkSecretBytes, expectedMaterial } from './material-check'
import {
  decodeBase64,
  decodeDer,
  decodeHex,
  decodeJwk,
  decodePem,
  detectEncoding,
  type MaterialFormat
} from './material-decode'
import { SYMMETRIC_LENGTH, assertImportable, isAsymmetric, type ImportableKeyType } from './types'

export interface LoadMaterialOptions {
  format?: MaterialFormat
  /** For an encrypted PEM private key. */
  passphrase?: string
}

/** PKCS#8 header for an Ed25519 private key around a 32-byte seed (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * Load material for `keyType` from bytes in any supported encoding, check it matches the type
 * and convert it to the import encoding. The input is copied; every intermediate copy is zeroed.
 */
export function loadMaterial(keyType: string, input: Uint8Array | string, opts: LoadMaterialOptions = {}): KeyMaterial {
  const t = assertImportable(keyType)
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input)
  try {
    const format = opts.format ?? 'auto'
    const enc = format === 'auto' ? detectEncoding(buf) : format
    if (enc === 'pem') return checkPrivateKey(t, decodePem(buf, opts.passphrase))
    if (enc === 'jwk') {
      const j = decodeJwk(buf)
      if (j.kind === 'key') return checkPrivateKey(t, j.key)
      if (isAsymmetric(t)) {
        j.bytes.fill(0)
        throw badInput(`${t} needs ${expectedMaterial(t)}, but the input is a symmetric JWK (kty "oct").`)
      }
      return fromBytes(t, j.bytes, 'JWK "k"', false)
    }
    if (enc === 'hex') return fromBytes(t, decodeHex(buf), 'hex', format === 'auto')
    if (enc === 'base64') return fromBytes(t, decodeBase64(buf), 'base64', format === 'auto')
    return fromBytes(t, Buffer.from(buf), enc === 'binary' ? 'raw' : enc, enc === 'binary')
  } finally {
    buf.fill(0)
  }
}

export async function loadMaterialFile(
  keyType: string,
  file: string,
  opts: LoadMaterialOptions = {}
): Promise<KeyMaterial> {
  const buf = await readInputFile(file, 'key material file')
  try {
    return loadMaterial(keyType, buf, opts)
  } finally {
    buf.fill(0)
  }
}

/**
 * Bytes decoded from raw/hex/base64/DER: symmetric keys are the bytes themselves, Ed25519 also
 * takes a bare 32-byte seed, everything else must be a DER key. Takes ownership of `bytes`.
 */
function fromBytes(t: ImportableKeyType, bytes: Buffer, decodedAs: string, guessed: boolean): KeyMaterial {
  try {
    const symLen = SYMMETRIC_LENGTH[t]
    if (symLen !== undefined) {
      // A DER key given for a symmetric type deserves "that is an RSA key", not "wrong length".
      const key = bytes.length !== symLen && (guessed || decodedAs === 'der') ? decodeDer(bytes) : undefined
      if (key) return checkPrivateKey(t, key)
      return checkSecretBytes(t, Buffer.from(bytes), decodedAs)
    }
    if (t === 'ed25519' && bytes.length === 32 && decodedAs !== 'der') {
      const pkcs8 = Buffer.concat([ED25519_PKCS8_PREFIX, bytes])
      try {
        return checkPrivateKey(t, createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }))
      } finally {
        pkcs8.fill(0)
      }
    }
    const key = decodeDer(bytes)
    if (!key) {
      throw badInput(
        `${t} needs ${expectedMaterial(t)}, but the input (${bytes.length} bytes as ${decodedAs}) is not a DER-encoded key.`,
        isAsymmetric(t) ? 'Supply PEM, DER (PKCS#8, PKCS#1 or SEC1) or JWK.' : undefined
      )
    }
    return checkPrivateKey(t, key)
  } finally {
    bytes.fill(0)
  }
}
