import type { HashAlgorithm } from '@contract/schemas/kms'
import type { KmsClient } from '../kms/client'
import type { PublicKeySource } from './fetched-key-verify'
import type { SigningKms } from './kms-port'

const hash = (h: string | undefined) => h as HashAlgorithm | undefined

/** File signing and HMAC over the KMS client (the digest is computed locally and sent prehashed). */
export function kmsSigning(client: () => Promise<KmsClient>): SigningKms {
  return {
    sign: async (region, id, req, signal) =>
      (await client()).sign(region, id, { ...req, hashAlgorithm: hash(req.hashAlgorithm) }, { signal }),
    hmac: async (region, id, req, signal) =>
      (await client()).hmac(region, id, { ...req, algorithm: hash(req.algorithm) }, { signal }),
    verifyHmac: async (region, id, req, signal) =>
      (await client()).verifyHmac(region, id, { ...req, hashAlgorithm: hash(req.hashAlgorithm) }, { signal }),
    keyInfo: async (region, id, signal) => (await client()).getKey(region, id, { signal }),
    publicKeys: async (region, id, version, signal) =>
      clientPublicKeys(await client()).publicKeys(region, id, version, signal),
    latestVersion: async (region, id, signal) => clientPublicKeys(await client()).latestVersion(region, id, signal)
  }
}

/** The public keys of a key (GET public-key) and its latest version (GET key), for local verification. */
export function clientPublicKeys(c: KmsClient): PublicKeySource {
  return {
    publicKeys: async (region, id, version, signal) => (await c.getPublicKey(region, id, version, { signal })).keys,
    latestVersion: async (region, id, signal) => (await c.getKey(region, id, { signal })).latestVersion
  }
}
