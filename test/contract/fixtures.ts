/**
 * Response bodies in the shapes a real server may send, per the SDK's response types
 * (kms/types.go): `omitempty` fields left out, `null` where Go or another server writes one,
 * enum values this client does not know, fields the SDK does not model, numbers where the SDK
 * has strings. The client must read every one of them.
 */
const T = '2026-06-30T12:00:00Z'

/** KmsKey with only the fields the SDK always writes (no omitempty). */
export const KEY_MINIMAL = {
  identity: 'kms-min',
  name: 'minimal',
  slug: 'minimal',
  keyType: 'aes256-gcm96',
  status: 'active',
  exportAllowed: false,
  keyRotationEnabled: false,
  createdAt: T,
  updatedAt: T
}

/** Every optional field present as null, as a server that does not omit them may write. */
export const KEY_NULLS = {
  ...KEY_MINIMAL,
  identity: 'kms-nulls',
  slug: 'nulls',
  description: null,
  labels: null,
  annotations: null,
  projectId: null,
  imported: null,
  rotationPeriodInDays: null,
  latestVersion: null,
  versions: null,
  objectVersion: null,
  organisation: null,
  minDecryptionVersion: null,
  deletionScheduledAt: null
}

/** Enums grown on the server, and fields the SDK does not know. */
export const KEY_UNKNOWN = {
  ...KEY_MINIMAL,
  identity: 'kms-new',
  slug: 'new',
  keyType: 'ml-dsa-65',
  status: 'archived',
  latestVersion: '3',
  versions: [{ version: '3', createdAt: T, status: 'frozen', extra: 1 }],
  quantumSafe: true,
  organisation: { identity: 'org-1', name: 'Org', slug: 'org', createdAt: T, objectVersion: 1, plan: 'gold' }
}

export const KEY_FULL = {
  ...KEY_MINIMAL,
  identity: 'kms-full',
  slug: 'full',
  keyType: 'rsa-2048',
  description: 'd',
  labels: { a: 'b' },
  annotations: {},
  projectId: 'prj-1',
  imported: true,
  rotationPeriodInDays: 90,
  keyRotationEnabled: true,
  latestVersion: 2,
  versions: [
    { version: 1, createdAt: T },
    { version: 2, createdAt: T, status: 'active' }
  ],
  objectVersion: 4,
  organisation: { identity: 'org-1', name: 'Org', slug: 'org', createdAt: T, objectVersion: 1 }
}

export const SUMMARY_SHAPES = [
  { featureEnabled: false },
  { featureEnabled: true, regions: null },
  {
    featureEnabled: true,
    regions: [{ identity: 'r-1', name: 'NL 1', slug: 'nl-01', kmsAvailable: true }],
    secretsAvailable: true
  },
  {
    featureEnabled: true,
    regions: [
      {
        identity: 'r-1',
        name: 'NL 1',
        slug: 'nl-01',
        kmsAvailable: true,
        totalKeys: 3,
        activeKeys: 2,
        disabledKeys: 1,
        pendingDeletionKeys: 0,
        secretsAvailable: false
      }
    ]
  }
]

/** keyVersion omitted, as a string, as a number; unknown extra fields. */
export const CRYPTO_SHAPES = {
  encrypt: [
    { ciphertext: 'opaque-ciphertext' },
    { ciphertext: 'thalassa:v2:AAAA', keyVersion: '2' },
    { ciphertext: 'vault:v2:AAAA', keyVersion: 2, extra: 'x' }
  ],
  decrypt: [{ plaintext: 'aGk=' }, { plaintext: 'aGk=', keyVersion: 1 }, { plaintext: 'aGk=', keyVersion: null }],
  sign: [
    { signature: 'opaque' },
    { signature: 'thalassa:v1:AAAA', keyVersion: '1' },
    { signature: 'AAAA', keyVersion: 3 }
  ],
  verify: [{ valid: true }, { valid: false, reason: 'VerifySignatureResponse has only valid' }],
  hmac: [{ hmac: 'opaque' }, { hmac: 'thalassa:v1:AAAA', keyVersion: 1 }],
  verifyHmac: [{ valid: true }, { valid: true, keyVersion: '2' }],
  exportKey: [{ keyMaterial: 'AAAA' }, { keyMaterial: 'AAAA', keyVersion: 1 }]
}

export const PUBLIC_KEY_SHAPES = [
  { keys: {} },
  { keys: { '1': '-----BEGIN PUBLIC KEY-----\n…', '2': 'base64raw' }, algorithm: 'x' }
]
export const WRAPPING_KEY_SHAPES = [
  { publicKey: 'pem' },
  { publicKey: 'pem', algorithm: null },
  { publicKey: 'pem', algorithm: 'RSA_OAEP_4096_SHA256', size: 4096 }
]
export const MEMBERSHIP_SHAPES = [
  [{ organisation: { identity: 'org-1', name: 'Org', slug: 'org' } }],
  [
    {
      identity: 'm-1',
      organisation: {
        identity: 'org-1',
        name: 'Org',
        slug: 'org',
        description: null,
        createdAt: T,
        updatedAt: null,
        objectVersion: 1,
        labels: {}
      },
      role: 'OWNER',
      createdAt: T
    }
  ]
]
export const PROJECT_SHAPES = [
  [{ identity: 'prj-1', name: 'P', slug: 'p' }],
  [
    {
      identity: 'prj-1',
      name: 'P',
      slug: 'p',
      description: '',
      labels: null,
      annotations: null,
      parentProject: null,
      createdAt: T,
      updatedAt: null,
      objectVersion: 1
    }
  ]
]
