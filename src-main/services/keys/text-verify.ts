import type { KmsClient } from '../kms/client'
import { verifyWithKmsPublicKey } from '../signing/fetched-key-verify'
import { clientPublicKeys } from '../signing/kms-signing'
import type { VerifyHash } from '../signing/local-verify'

export interface TextVerifyResult {
  valid: boolean
  keyVersion?: string
  detail: string
  scheme?: string
}

const HASHES: Record<string, VerifyHash> = { 'sha2-256': 'sha256', 'sha2-384': 'sha384', 'sha2-512': 'sha512' }

/**
 * Verifies a signature over a text payload. A message goes to the KMS verify endpoint; a digest
 * (`prehashed`) cannot, since the API's verify has no `prehashed`: it is checked locally against
 * the public key of the signature's version, fetched from the KMS.
 */
export async function verifyText(
  c: KmsClient,
  region: string,
  id: string,
  i: { input: string; signature: string; hashAlgorithm?: string; prehashed?: boolean },
  signal?: AbortSignal
): Promise<TextVerifyResult> {
  if (!i.prehashed) {
    const r = await c.verify(
      region,
      id,
      { input: i.input, signature: i.signature, ...(i.hashAlgorithm ? { hashAlgorithm: i.hashAlgorithm } : {}) },
      { signal }
    )
    return { valid: r.valid, detail: 'checked by the KMS verify endpoint' }
  }
  const r = await verifyWithKmsPublicKey(clientPublicKeys(c), {
    region,
    id,
    signature: i.signature,
    hash: HASHES[i.hashAlgorithm ?? 'sha2-256'] ?? 'sha256',
    prehashed: true,
    data: Buffer.from(i.input, 'base64'),
    ...(signal ? { signal } : {})
  })
  return {
    valid: r.valid,
    detail: r.detail,
    ...(r.version !== undefined ? { keyVersion: String(r.version) } : {}),
    ...(r.scheme ? { scheme: r.scheme } : {})
  }
}
