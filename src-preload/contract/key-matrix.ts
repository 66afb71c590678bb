/**
 * The key types and what each can do, with no dependency at all: the one module of the contract
 * the renderer may import values from (lint allows it), so the UI never re-declares the matrix.
 */
/** The 13 key types of the Thalassa KMS, exact wire names. */
export const KEY_TYPES = [
  'aes128-gcm96',
  'aes256-gcm96',
  'chacha20-poly1305',
  'rsa-2048',
  'rsa-3072',
  'rsa-4096',
  'ecdsa-p256',
  'ecdsa-p384',
  'ecdsa-p521',
  'ed25519',
  'hmac',
  'hmac-sha256',
  'hmac-sha512'
] as const
export type KeyType = (typeof KEY_TYPES)[number]

/** A server may know key types this client does not (the API can grow): check before narrowing. */
export function isKeyType(t: string): t is KeyType {
  return (KEY_TYPES as readonly string[]).includes(t)
}

/** The key statuses this client knows; any other value disables every operation on the key. */
export const KEY_STATUSES = ['active', 'disabled', 'pending_deletion'] as const
export type KnownKeyStatus = (typeof KEY_STATUSES)[number]
export function isKeyStatus(s: string): s is KnownKeyStatus {
  return (KEY_STATUSES as readonly string[]).includes(s)
}

export type KeyOperation = 'encrypt' | 'sign' | 'hmac' | 'publicKey' | 'import'

const SYMMETRIC: readonly KeyType[] = ['aes128-gcm96', 'aes256-gcm96', 'chacha20-poly1305']
const RSA: readonly KeyType[] = ['rsa-2048', 'rsa-3072', 'rsa-4096']
const ECDSA: readonly KeyType[] = ['ecdsa-p256', 'ecdsa-p384', 'ecdsa-p521']
const HMAC: readonly KeyType[] = ['hmac', 'hmac-sha256', 'hmac-sha512']

export type KeyFamily = 'symmetric' | 'rsa' | 'ecdsa' | 'ed25519' | 'hmac'

export function keyFamily(t: KeyType): KeyFamily {
  if (SYMMETRIC.includes(t)) return 'symmetric'
  if (RSA.includes(t)) return 'rsa'
  if (ECDSA.includes(t)) return 'ecdsa'
  if (HMAC.includes(t)) return 'hmac'
  return 'ed25519'
}

/** The operation matrix of the reference (§4): which operations a key type supports (none for an unknown type). */
export function supports(t: KeyType | string, op: KeyOperation): boolean {
  if (!isKeyType(t)) return false
  const f = keyFamily(t)
  switch (op) {
    case 'encrypt':
      return f === 'symmetric' || f === 'rsa'
    case 'sign':
      return f === 'rsa' || f === 'ecdsa' || f === 'ed25519'
    case 'hmac':
      return f === 'hmac'
    case 'publicKey':
      return f === 'rsa' || f === 'ecdsa' || f === 'ed25519'
    case 'import':
      return f !== 'hmac'
  }
}

/** Largest plaintext RSA-OAEP-SHA256 can take for this modulus: k − 2·32 − 2. */
export function rsaOaepLimit(t: KeyType | string): number | undefined {
  const bits = { 'rsa-2048': 2048, 'rsa-3072': 3072, 'rsa-4096': 4096 }[t as string]
  return bits === undefined ? undefined : bits / 8 - 2 * 32 - 2
}

export const MAX_PAYLOAD_BYTES = 65_535
export const DELETION_WINDOW_DAYS = 30

/** X.509 key usages a CSR or certificate of an asymmetric key may carry (docs/interop.md). */
export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign'
] as const
