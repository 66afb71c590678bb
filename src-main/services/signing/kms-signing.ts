import type { HashAlgorithm } from '../../../src-preload/contract/schemas/kms'
import type { KmsClient } from '../kms/client'
import type { SigningKms } from './kms-port'

const hash = (h: string | undefined) => h as HashAlgorithm | undefined

/** File signing and HMAC over the KMS client (the digest is computed locally and sent prehashed). */
export function kmsSigning(client: () => Promise<KmsClient>): SigningKms {
  return {
    sign: async (region, id, req, signal) => (await client()).sign(region, id, { ...req, hashAlgorithm: hash(req.hashAlgorithm) }, { signal }),
    verify: async (region, id, req, signal) => (await client()).verify(region, id, { ...req, hashAlgorithm: hash(req.hashAlgorithm) }, { signal }),
    hmac: async (region, id, req, signal) => (await client()).hmac(region, id, { ...req, algorithm: hash(req.algorithm) }, { signal }),
    verifyHmac: async (region, id, req, signal) => (await client()).verifyHmac(region, id, { ...req, hashAlgorithm: hash(req.hashAlgorithm) }, { signal })
  }
}
