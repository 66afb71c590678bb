/**
 * What the vendor SDK (thalassa-cloud/client-go) sends for each endpoint the client calls: method,
 * path, whether X-Project-Identity goes along, and the JSON field set of the request type with
 * each field's JSON type. One row per endpoint, each citing the SDK function and type it mirrors.
 * The client's requests are asserted against this table (client-requests.test.ts); docs/api.md
 * describes the same endpoints in words.
 */
export type JsonType = 'string' | 'digits' | 'boolean' | 'integer' | 'object'

export interface SdkRequest {
  /** SDK function and request type, file by file. */
  sdk: string
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** `{region}` and `{id}` stand for the path segments. */
  path: string
  /** Fields that are always present (no `omitempty`). */
  required: Record<string, JsonType>
  /** `omitempty` fields: sent only when set. */
  optional: Record<string, JsonType>
  /** false for a request without a body (no SetBody in the SDK). */
  body: boolean
  /** false where the SDK leaves X-Project-Identity off (`client.WithoutProject`) or the call lists across projects. */
  project: boolean
  /** Form-encoded instead of JSON (the OAuth token endpoint). */
  form?: true
}

const none = { required: {}, optional: {}, body: false }

export const SDK_REQUESTS = {
  summary: { sdk: 'kms/summary.go GetSummary', method: 'GET', path: '/v1/kms/summary', ...none, project: true },
  listKeys: {
    sdk: 'kms/keys.go ListKeys (ListKeysRequest filters → query)',
    method: 'GET',
    path: '/v1/kms/{region}/keys',
    ...none,
    project: true
  },
  createKey: {
    sdk: 'kms/keys.go CreateKey; kms/types.go CreateKmsKeyRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys',
    required: { name: 'string' },
    optional: {
      description: 'string',
      labels: 'object',
      annotations: 'object',
      keyType: 'string',
      exportAllowed: 'boolean',
      keyRotationEnabled: 'boolean',
      rotationPeriodInDays: 'integer',
      importKeyMaterial: 'string',
      hashFunction: 'string',
      allowRotation: 'boolean'
    },
    body: true,
    project: true
  },
  getKey: { sdk: 'kms/keys.go GetKey', method: 'GET', path: '/v1/kms/{region}/keys/{id}', ...none, project: true },
  wrappingKey: {
    sdk: 'kms/keys.go GetWrappingKey',
    method: 'GET',
    path: '/v1/kms/{region}/wrapping-key',
    ...none,
    project: true
  },
  publicKey: {
    sdk: 'kms/crypto.go GetPublicKey (?version=N)',
    method: 'GET',
    path: '/v1/kms/{region}/keys/{id}/public-key',
    ...none,
    project: true
  },
  encrypt: {
    sdk: 'kms/crypto.go Encrypt; kms/types.go EncryptRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/encrypt',
    required: { plaintext: 'string' },
    optional: { keyVersion: 'digits' },
    body: true,
    project: true
  },
  decrypt: {
    sdk: 'kms/crypto.go Decrypt; kms/types.go DecryptRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/decrypt',
    required: { ciphertext: 'string' },
    optional: {},
    body: true,
    project: true
  },
  sign: {
    sdk: 'kms/crypto.go Sign; kms/types.go SignRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/sign',
    required: { input: 'string' },
    optional: { keyVersion: 'digits', hashAlgorithm: 'string', prehashed: 'boolean', context: 'string' },
    body: true,
    project: true
  },
  verify: {
    sdk: 'kms/crypto.go VerifySignature; kms/types.go VerifySignatureRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/verify',
    required: { input: 'string', signature: 'string' },
    optional: { hashAlgorithm: 'string' },
    body: true,
    project: true
  },
  hmac: {
    sdk: 'kms/crypto.go HMAC; kms/types.go HMACRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/hmac',
    required: { input: 'string' },
    optional: { keyVersion: 'digits', algorithm: 'string' },
    body: true,
    project: true
  },
  verifyHmac: {
    sdk: 'kms/crypto.go VerifyHMAC; kms/types.go VerifyHMACRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/verify-hmac',
    required: { input: 'string', hmac: 'string' },
    optional: { hashAlgorithm: 'string' },
    body: true,
    project: true
  },
  updateRotation: {
    sdk: 'kms/keys.go UpdateRotation; kms/types.go UpdateRotationRequest (pointer fields: false is sent)',
    method: 'PATCH',
    path: '/v1/kms/{region}/keys/{id}/rotation',
    required: {},
    optional: { keyRotationEnabled: 'boolean', rotationPeriodInDays: 'integer' },
    body: true,
    project: true
  },
  rotate: {
    sdk: 'kms/keys.go RotateKey (no body)',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/rotate',
    ...none,
    project: true
  },
  exportKey: {
    sdk: 'kms/crypto.go ExportKey; kms/types.go ExportKeyRequest',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/export',
    required: {},
    optional: { keyVersion: 'digits' },
    body: true,
    project: true
  },
  disable: {
    sdk: 'kms/keys.go DisableKey (no body)',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/disable',
    ...none,
    project: true
  },
  enable: {
    sdk: 'kms/keys.go EnableKey (no body)',
    method: 'POST',
    path: '/v1/kms/{region}/keys/{id}/enable',
    ...none,
    project: true
  },
  scheduleDeletion: {
    sdk: 'kms/keys.go DeleteKey',
    method: 'DELETE',
    path: '/v1/kms/{region}/keys/{id}',
    ...none,
    project: true
  },
  cancelDeletion: {
    sdk: 'kms/keys.go CancelDeletion',
    method: 'DELETE',
    path: '/v1/kms/{region}/keys/{id}/cancel-deletion',
    ...none,
    project: true
  },
  memberships: {
    sdk: 'me/memberships.go ListMyMemberships (lists across projects)',
    method: 'GET',
    path: '/v1/me/organisation-memberships',
    ...none,
    project: false
  },
  projects: {
    sdk: 'projects/projects.go ListProjects (client.WithoutProject)',
    method: 'GET',
    path: '/v1/projects',
    ...none,
    project: false
  },
  token: {
    sdk: 'pkg/client/auth.go WithAuthOIDC (golang.org/x/oauth2 clientcredentials)',
    method: 'POST',
    path: '/oidc/token',
    required: { grant_type: 'string', client_id: 'string', client_secret: 'string' },
    optional: {},
    body: true,
    project: false,
    form: true
  }
} satisfies Record<string, SdkRequest>

export type Endpoint = keyof typeof SDK_REQUESTS

/** The 19 KMS endpoints of the API reference (§2). */
export const KMS_ENDPOINTS: readonly Endpoint[] = [
  'summary',
  'listKeys',
  'createKey',
  'getKey',
  'wrappingKey',
  'publicKey',
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'hmac',
  'verifyHmac',
  'updateRotation',
  'rotate',
  'exportKey',
  'disable',
  'enable',
  'scheduleDeletion',
  'cancelDeletion'
]
