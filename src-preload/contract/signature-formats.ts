/**
 * Signature output: our .sig.json, a raw signature (.sig, OpenSSL) or a detached JWS (.jws).
 * docs/interop.md. A module of its own: the CLI lists them without zod.
 */
export const SIGNATURE_FORMATS = ['sig-json', 'raw', 'jws'] as const
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number]
