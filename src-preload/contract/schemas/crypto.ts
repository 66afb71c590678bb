import { z } from 'zod'
import { HashAlgorithmSchema } from './kms'
import { VerificationReportSchema } from './verification'

/** Text the user typed (UTF-8) or pasted as base64; decoded size 1–65,535 bytes is checked in main. */
const EncodingSchema = z.enum(['utf8', 'base64'])
export type Encoding = z.infer<typeof EncodingSchema>

const target = { region: z.string().min(1), id: z.string().min(1) }
const versionText = z.string().regex(/^\d+$/, 'a key version is a positive whole number').optional()

export const EncryptTextSchema = z.object({
  ...target,
  plaintext: z.string(),
  encoding: EncodingSchema,
  keyVersion: versionText
})
export const DecryptTextSchema = z.object({ ...target, ciphertext: z.string().min(1), encoding: EncodingSchema })
export const SignTextSchema = z.object({
  ...target,
  input: z.string(),
  encoding: EncodingSchema,
  hashAlgorithm: HashAlgorithmSchema.optional(),
  /** The input is already the digest (`hashAlgorithm` long). */
  prehashed: z.boolean().optional(),
  keyVersion: versionText
})
export const VerifyTextSchema = SignTextSchema.omit({ keyVersion: true }).extend({ signature: z.string().min(1) })
export const HmacTextSchema = z.object({
  ...target,
  input: z.string(),
  encoding: EncodingSchema,
  algorithm: HashAlgorithmSchema.optional(),
  keyVersion: versionText
})
export const VerifyHmacTextSchema = HmacTextSchema.omit({ keyVersion: true }).extend({ hmac: z.string().min(1) })

export const CryptoResultSchema = z.object({ value: z.string(), keyVersion: z.string().optional() })
export const DecryptResultSchema = z.object({
  /** The plaintext as UTF-8 when it decodes cleanly, else base64 (flagged). */
  plaintext: z.string(),
  encoding: EncodingSchema,
  bytes: z.number().int(),
  keyVersion: z.string().optional()
})
export const VerifyResultSchema = z.object({
  valid: z.boolean(),
  keyVersion: z.string().optional(),
  /** How it was checked: the KMS verify endpoint, or locally with the public key of a version fetched from the KMS. */
  detail: z.string().optional(),
  /** The signature scheme that matched, when checked locally (e.g. `rsa-pss`). */
  scheme: z.string().optional(),
  /** Signer key (name, region, version, state now), hash and public-key fingerprint. */
  report: VerificationReportSchema.optional()
})
