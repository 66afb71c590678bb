import type { KeyType } from '@contract/schemas/key-types'
import { keyFamily } from '@contract/key-matrix'

/** What a security officer picks a key for; the chooser groups types by this, not by algorithm. */
type Purpose = 'encrypt' | 'sign' | 'hmac'

export interface PurposeGroup {
  purpose: Purpose
  title: string
  blurb: string
  types: readonly { type: KeyType; pickWhen: string }[]
}

export const PURPOSES: readonly PurposeGroup[] = [
  {
    purpose: 'encrypt',
    title: 'Encrypt data',
    blurb: 'Symmetric keys that never leave the KMS; files and data keys are wrapped with them.',
    types: [
      { type: 'aes256-gcm96', pickWhen: 'Pick this when unsure: the default for files, secrets and data keys.' },
      { type: 'aes128-gcm96', pickWhen: 'Pick this when a policy or peer system requires a 128-bit key.' },
      { type: 'chacha20-poly1305', pickWhen: 'Pick this when callers run on hardware without AES acceleration.' }
    ]
  },
  {
    purpose: 'sign',
    title: 'Sign and verify',
    blurb: 'Asymmetric keys: the private half signs inside the KMS, the public key can be shared.',
    types: [
      { type: 'ecdsa-p256', pickWhen: 'Pick this when you need ES256 signatures (JWT, most modern tooling).' },
      { type: 'ecdsa-p384', pickWhen: 'Pick this when a policy asks for 192-bit security (ES384, CNSA).' },
      { type: 'ecdsa-p521', pickWhen: 'Pick this when a peer requires P-521 (ES512).' },
      {
        type: 'ed25519',
        pickWhen: 'Pick this when you sign artefacts or SSH-style payloads and want small, fast signatures.'
      },
      { type: 'rsa-2048', pickWhen: 'Pick this when an older system only accepts RSA; also encrypts up to 190 bytes.' },
      {
        type: 'rsa-3072',
        pickWhen: 'Pick this when RSA is required and the key must last beyond 2030; encrypts up to 318 bytes.'
      },
      {
        type: 'rsa-4096',
        pickWhen: 'Pick this when a policy demands the largest RSA key; slower, encrypts up to 446 bytes.'
      }
    ]
  },
  {
    purpose: 'hmac',
    title: 'HMAC (message authentication)',
    blurb: 'Shared-secret tags for webhooks, tokens and integrity checks.',
    types: [
      { type: 'hmac-sha256', pickWhen: 'Pick this when you verify webhooks or tokens with HMAC-SHA256.' },
      { type: 'hmac-sha512', pickWhen: 'Pick this when the peer expects HMAC-SHA512 tags.' },
      { type: 'hmac', pickWhen: 'Pick this when a client sends its own hash choice (SHA-256 by default).' }
    ]
  }
]

/** Symmetric keys are the ones rotation protects best (old versions keep decrypting); on by default. */
export function rotationByDefault(t: KeyType): boolean {
  return keyFamily(t) === 'symmetric'
}

export const DEFAULT_ROTATION_DAYS = 90
