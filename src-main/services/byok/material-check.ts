import { createPublicKey, type KeyObject } from 'node:crypto'
import { keyFamily } from '@contract/schemas/key-types'
import { badInput } from './errors'
import { spkiFingerprint } from '../shared/fingerprint'
import { KeyMaterial } from './material'
import { SYMMETRIC_LENGTH, type ImportableKeyType } from './types'

const RSA_BITS: Partial<Record<ImportableKeyType, number>> = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 }
const CURVES: Partial<Record<ImportableKeyType, string>> = {
  'ecdsa-p256': 'prime256v1',
  'ecdsa-p384': 'secp384r1',
  'ecdsa-p521': 'secp521r1'
}
const CURVE_NAMES: Record<string, string> = {
  prime256v1: 'P-256',
  secp384r1: 'P-384',
  secp521r1: 'P-521',
  secp256k1: 'secp256k1'
}

/** Human description of the key a user supplied, for mismatch messages. */
function describeKey(key: KeyObject): string {
  const d = key.asymmetricKeyDetails
  const kind = key.type === 'private' ? 'private key' : 'public key'
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return `an RSA-${d?.modulusLength ?? '?'} ${kind}`
    case 'rsa-pss':
      return `an RSA-PSS-restricted RSA-${d?.modulusLength ?? '?'} ${kind}`
    case 'ec':
      return `an EC ${CURVE_NAMES[d?.namedCurve ?? ''] ?? d?.namedCurve ?? '?'} ${kind}`
    case 'ed25519':
      return `an Ed25519 ${kind}`
    default:
      return `a ${key.asymmetricKeyType ?? 'unknown'} ${kind}`
  }
}

/** What a key type needs, for mismatch messages. */
export function expectedMaterial(t: ImportableKeyType): string {
  const len = SYMMETRIC_LENGTH[t]
  if (len !== undefined) return `exactly ${len} random bytes (${len * 8} bits)`
  const bits = RSA_BITS[t]
  if (bits !== undefined) return `an RSA private key with a ${bits}-bit modulus`
  const curve = CURVES[t]
  if (curve !== undefined) return `an EC private key on curve ${CURVE_NAMES[curve]}`
  return 'an Ed25519 private key'
}

/** Check symmetric bytes for `t`; takes ownership of `bytes` (zeroed on refusal). */
export function checkSecretBytes(t: ImportableKeyType, bytes: Buffer, decodedAs: string): KeyMaterial {
  const len = SYMMETRIC_LENGTH[t]
  try {
    if (len === undefined) {
      throw badInput(
        `${t} needs ${expectedMaterial(t)}, but the input is bare ${decodedAs} bytes.`,
        'Supply the private key as PEM, DER or JWK.'
      )
    }
    if (bytes.length !== len) {
      throw badInput(
        `${t} needs ${expectedMaterial(t)}; the input decodes (as ${decodedAs}) to ${bytes.length} bytes.`,
        'Check the key type and the file; use format "raw", "hex" or "base64" if auto-detection guessed wrong.'
      )
    }
    if (bytes.every((b) => b === 0)) {
      throw badInput(
        'The key material is all zero bytes, which is not a key.',
        'Generate the key with a proper random source.'
      )
    }
    return new KeyMaterial(t, bytes)
  } catch (e) {
    bytes.fill(0)
    throw e
  }
}

/** Check that `key` is the private key `t` needs and convert it to PKCS#8 DER. */
export function checkPrivateKey(t: ImportableKeyType, key: KeyObject): KeyMaterial {
  const family = keyFamily(t)
  if (family === 'symmetric') {
    throw badInput(
      `${t} needs ${expectedMaterial(t)}, but the input is ${describeKey(key)}.`,
      'Choose an RSA, ECDSA or Ed25519 key type, or supply raw key bytes.'
    )
  }
  if (key.type !== 'private') {
    throw badInput(
      `The input is ${describeKey(key)}, but importing needs the private key.`,
      'Supply the private key (PEM "PRIVATE KEY", "RSA PRIVATE KEY" or "EC PRIVATE KEY", DER or a JWK with "d"). The KMS derives the public key itself.'
    )
  }
  if (family === 'rsa' && key.asymmetricKeyType === 'rsa-pss') {
    throw badInput(
      `The input is ${describeKey(key)}; the KMS imports plain RSA keys (rsaEncryption).`,
      'Convert it: openssl pkey -in key.pem -traditional, or generate a plain RSA key.'
    )
  }
  const mismatch = materialMismatch(t, key)
  if (mismatch) throw badInput(mismatch, 'Choose the key type that matches the material, or supply other material.')
  const der = key.export({ format: 'der', type: 'pkcs8' })
  const pub = createPublicKey(key)
  return new KeyMaterial(t, der, {
    pem: pub.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprint: spkiFingerprint(pub)
  })
}

/**
 * Why an asymmetric key (private, or the public half a bundle carries) does not fit `t`, or
 * undefined when it does: family, RSA modulus size, EC curve.
 */
export function materialMismatch(t: ImportableKeyType, key: KeyObject): string | undefined {
  const family = keyFamily(t)
  const details = key.asymmetricKeyDetails
  const fits =
    family === 'rsa'
      ? key.asymmetricKeyType === 'rsa' && details?.modulusLength === RSA_BITS[t]
      : family === 'ecdsa'
        ? key.asymmetricKeyType === 'ec' && details?.namedCurve === CURVES[t]
        : family === 'ed25519'
          ? key.asymmetricKeyType === 'ed25519'
          : false
  return fits ? undefined : `${t} needs ${expectedMaterial(t)}, but the input is ${describeKey(key)}.`
}
