import type { CreateKeyRequest, KmsKey } from '@contract/schemas/kms'

/**
 * The three KMS calls the BYOK flows need. The KMS client (and the sandbox in tests) implements
 * it; keeping it this small lets the offline half of BYOK run with no client at all.
 */
export interface ByokKms {
  /** GET /v1/kms/{region}/wrapping-key */
  getWrappingKey(region: string): Promise<{ publicKey: string; algorithm?: string }>
  /** POST /v1/kms/{region}/keys */
  createKey(region: string, req: CreateKeyRequest): Promise<KmsKey>
  /** GET /v1/kms/{region}/keys/{id}/public-key[?version=N] */
  getPublicKey(region: string, id: string, version?: number): Promise<{ keys: Record<string, string> }>
}
