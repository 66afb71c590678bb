import type { RecipientRef } from '../files/types'

/**
 * The part of the KMS client signing needs (implemented later over the KMS client; tests use a
 * fake). `input` is base64; strings returned are `thalassa:v<N>:<base64>`.
 */
export interface SigningKms {
  sign(region: string, id: string, req: { input: string; prehashed?: boolean; hashAlgorithm?: string; signatureAlgorithm?: 'pss' | 'pkcs1v15' }, signal?: AbortSignal): Promise<{ signature: string; keyVersion?: string }>
  verify(region: string, id: string, req: { input: string; signature: string; prehashed?: boolean; hashAlgorithm?: string; signatureAlgorithm?: 'pss' | 'pkcs1v15' }, signal?: AbortSignal): Promise<{ valid: boolean }>
  hmac(region: string, id: string, req: { input: string; algorithm?: string }, signal?: AbortSignal): Promise<{ hmac: string; keyVersion?: string }>
  verifyHmac(region: string, id: string, req: { input: string; hmac: string; hashAlgorithm?: string }, signal?: AbortSignal): Promise<{ valid: boolean }>
}

export type KeyRef = RecipientRef
