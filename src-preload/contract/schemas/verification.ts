import { z } from 'zod'

/** The key a signature or HMAC names, with what the KMS says about it now. */
const SignerSchema = z.object({
  region: z.string(),
  identity: z.string(),
  slug: z.string(),
  name: z.string().optional(),
  keyType: z.string(),
  /** The key version that made the signature (from the signature, or recorded at signing). */
  version: z.string().optional(),
  /** The key's state now (active, disabled, pending_deletion…); absent when it could not be read. */
  state: z.string().optional(),
  latestVersion: z.number().int().optional(),
  /** Why the key's current state is not shown (e.g. offline verification, no read access). */
  stateNote: z.string().optional()
})
export type Signer = z.infer<typeof SignerSchema>

/**
 * What a verification established, for the screen and for export as JSON. Fingerprints are SHA-256
 * over the DER SubjectPublicKeyInfo, as colon-separated hex (what `openssl dgst -sha256 -c` prints).
 */
export const VerificationReportSchema = z.object({
  format: z.literal('thalassa-kms-verification-report'),
  version: z.literal(1),
  kind: z.enum(['signature', 'hmac']),
  subject: z.enum(['file', 'text']),
  valid: z.boolean(),
  checkedAt: z.string(),
  file: z.object({ name: z.string(), size: z.number().int().nonnegative() }).optional(),
  signer: SignerSchema,
  /** When the signature file was written; text signatures carry no time. */
  signedAt: z.string().optional(),
  hash: z.string(),
  /** Hex digest of the file that was checked. */
  digest: z.string().optional(),
  scheme: z.string().optional(),
  /** How it was checked, in words. */
  method: z.string().optional(),
  /** Why it is not valid, in words. */
  reason: z.string().optional(),
  publicKeyFingerprint: z.string().optional()
})
export type VerificationReport = z.infer<typeof VerificationReportSchema>
