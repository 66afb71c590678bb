import type { PublicKeySource } from './fetched-key-verify'

/**
 * The part of the KMS client file signing needs (over the KMS client in the app; tests use a
 * fake). `input` is base64; the strings returned are opaque. Signatures over a digest are
 * verified locally with the public key (`PublicKeySource`): the API's verify has no `prehashed`.
 */
export interface SigningKms extends PublicKeySource {
  sign(
    region: string,
    id: string,
    req: { input: string; prehashed?: boolean; hashAlgorithm?: string },
    signal?: AbortSignal
  ): Promise<{ signature: string; keyVersion?: string }>
  hmac(
    region: string,
    id: string,
    req: { input: string; algorithm?: string },
    signal?: AbortSignal
  ): Promise<{ hmac: string; keyVersion?: string }>
  /** The key's name, state and latest version now (GET key), for verification reports; fakes may leave it out. */
  keyInfo?(
    region: string,
    id: string,
    signal?: AbortSignal
  ): Promise<{ name: string; status: string; latestVersion?: number }>
  verifyHmac(
    region: string,
    id: string,
    req: { input: string; hmac: string; hashAlgorithm?: string },
    signal?: AbortSignal
  ): Promise<{ valid: boolean }>
}
