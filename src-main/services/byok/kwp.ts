import { aeskwp } from '@noble/ciphers/aes.js'

/**
 * AES Key Wrap with Padding (RFC 5649, NIST SP 800-38F KWP, IV A65959A6). Electron's BoringSSL
 * has no `id-aes256-wrap-pad`, so the product always goes through @noble/ciphers.
 */
export function kwpWrap(kek: Uint8Array, plaintext: Uint8Array): Buffer {
  return Buffer.from(aeskwp(kek).encrypt(plaintext))
}

/** Unwrap; throws if the integrity check fails (wrong key or altered ciphertext). */
export function kwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  return Buffer.from(aeskwp(kek).decrypt(wrapped))
}

/** Length of the KWP output for `n` plaintext bytes: 8-byte block count rounded up, plus 8. */
export const kwpLength = (n: number): number => Math.ceil(n / 8) * 8 + 8
