import { isKeyStatus, isKeyType, supports, type KeyFamily, type KeyOperation, type KeyType } from '@contract/key-matrix'
import type { KmsKey } from '@contract/schemas/kms'

/** What the UI says about each key type; what a type can do comes from the contract's key matrix. */
export { supports }

export interface KeyTypeInfo {
  type: KeyType
  family: KeyFamily
  label: string
  /** What the type is for, in one line. */
  summary: string
}

export const KEY_TYPE_INFO: readonly KeyTypeInfo[] = [
  {
    type: 'aes256-gcm96',
    family: 'symmetric',
    label: 'AES-256-GCM',
    summary: 'The default: encrypt and decrypt data and data keys.'
  },
  {
    type: 'aes128-gcm96',
    family: 'symmetric',
    label: 'AES-128-GCM',
    summary: 'Encrypt and decrypt where a 128-bit key is required.'
  },
  {
    type: 'chacha20-poly1305',
    family: 'symmetric',
    label: 'ChaCha20-Poly1305',
    summary: 'Encrypt and decrypt; fast without AES hardware.'
  },
  {
    type: 'rsa-2048',
    family: 'rsa',
    label: 'RSA 2048',
    summary: 'Sign, verify and encrypt up to 190 bytes; exportable public key.'
  },
  {
    type: 'rsa-3072',
    family: 'rsa',
    label: 'RSA 3072',
    summary: 'Sign, verify and encrypt up to 318 bytes; exportable public key.'
  },
  {
    type: 'rsa-4096',
    family: 'rsa',
    label: 'RSA 4096',
    summary: 'Sign, verify and encrypt up to 446 bytes; exportable public key.'
  },
  {
    type: 'ecdsa-p256',
    family: 'ecdsa',
    label: 'ECDSA P-256',
    summary: 'Sign and verify (ES256); exportable public key.'
  },
  {
    type: 'ecdsa-p384',
    family: 'ecdsa',
    label: 'ECDSA P-384',
    summary: 'Sign and verify (ES384); exportable public key.'
  },
  {
    type: 'ecdsa-p521',
    family: 'ecdsa',
    label: 'ECDSA P-521',
    summary: 'Sign and verify (ES512); exportable public key.'
  },
  {
    type: 'ed25519',
    family: 'ed25519',
    label: 'Ed25519',
    summary: 'Sign and verify (pure EdDSA); exportable public key.'
  },
  { type: 'hmac', family: 'hmac', label: 'HMAC', summary: 'Compute and verify HMACs (SHA-256 by default).' },
  { type: 'hmac-sha256', family: 'hmac', label: 'HMAC-SHA256', summary: 'Compute and verify HMAC-SHA256 tags.' },
  { type: 'hmac-sha512', family: 'hmac', label: 'HMAC-SHA512', summary: 'Compute and verify HMAC-SHA512 tags.' }
]

export interface UnknownTypeInfo {
  type: string
  family: undefined
  label: string
  summary: string
}

/** A type the server sent that this version does not know is shown as such, never guessed at. */
export function typeInfo(t: KeyType | string): KeyTypeInfo | UnknownTypeInfo {
  return (
    KEY_TYPE_INFO.find((i) => i.type === t) ?? {
      type: t,
      family: undefined,
      label: `unknown type ${t}`,
      summary: 'A key type this version of the app does not know: every operation is disabled.'
    }
  )
}

export const OPERATION_LABEL: Record<KeyOperation, string> = {
  encrypt: 'Encrypt / decrypt',
  sign: 'Sign / verify',
  hmac: 'HMAC / verify',
  publicKey: 'Public key export',
  import: 'Bring your own key (import)'
}

const ALL_OPS: readonly KeyOperation[] = ['encrypt', 'sign', 'hmac', 'publicKey', 'import']

export function operationsOf(t: KeyType): KeyOperation[] {
  return ALL_OPS.filter((op) => supports(t, op))
}

/** Why an operation cannot run on this key now, or undefined when it can. */
export function unavailableReason(key: Pick<KmsKey, 'keyType' | 'status'>, op: KeyOperation): string | undefined {
  if (!isKeyType(key.keyType))
    return `The key type "${key.keyType}" is unknown to this version of the app, so no operation is offered for it.`
  if (!isKeyStatus(key.status))
    return `The key status "${key.status}" is unknown to this version of the app, so no operation is offered until it is understood.`
  if (!supports(key.keyType, op))
    return `${typeInfo(key.keyType).label} keys do not support ${OPERATION_LABEL[op].toLowerCase()}.`
  if (op === 'import') return undefined
  // Public keys stay readable whatever the status; cryptographic use needs an active key.
  if (op !== 'publicKey' && key.status === 'disabled')
    return 'The key is disabled: enable it to use it (the KMS answers 400 otherwise).'
  if (op !== 'publicKey' && key.status === 'pending_deletion')
    return 'The key is pending deletion: cancel the deletion to use it again.'
  return undefined
}

export const KEY_TYPES_ORDERED: readonly KeyType[] = KEY_TYPE_INFO.map((i) => i.type)
