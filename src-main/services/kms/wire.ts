import { z } from 'zod'
import { KeyVersionStringSchema } from '@contract/schemas/kms'

/** Response bodies of the crypto endpoints (reference §3.4–§3.8). Unknown fields are ignored. */
/** Missing, null, a string or a number: normalised to a string or undefined. */
const OptVersion = z.preprocess((v) => (v === null ? undefined : v), KeyVersionStringSchema.optional())

export const EncryptResponseSchema = z.object({ ciphertext: z.string(), keyVersion: OptVersion })
export type EncryptResponse = z.infer<typeof EncryptResponseSchema>
export const DecryptResponseSchema = z.object({ plaintext: z.string(), keyVersion: OptVersion })
export type DecryptResponse = z.infer<typeof DecryptResponseSchema>
export const SignResponseSchema = z.object({ signature: z.string(), keyVersion: OptVersion })
export type SignResponse = z.infer<typeof SignResponseSchema>
export const VerifyResponseSchema = z.object({ valid: z.boolean() })
export type VerifyResponse = z.infer<typeof VerifyResponseSchema>
export const HmacResponseSchema = z.object({ hmac: z.string(), keyVersion: OptVersion })
export type HmacResponse = z.infer<typeof HmacResponseSchema>
export const VerifyHmacResponseSchema = z.object({ valid: z.boolean(), keyVersion: OptVersion })
export type VerifyHmacResponse = z.infer<typeof VerifyHmacResponseSchema>
export const ExportKeyResponseSchema = z.object({ keyMaterial: z.string(), keyVersion: OptVersion })
export type ExportKeyResponse = z.infer<typeof ExportKeyResponseSchema>

/** Sent as a string, the SDK's wire type; numbers are accepted from callers for convenience. */
export type KeyVersionInput = string | number

export interface EncryptInput {
  plaintext: string
  keyVersion?: KeyVersionInput
}
export interface DecryptInput {
  ciphertext: string
}
/** The SDK's SignRequest: the RSA scheme is the server's choice (no field selects it). */
export interface SignInput {
  input: string
  keyVersion?: KeyVersionInput
  hashAlgorithm?: string
  prehashed?: boolean
  context?: string
}
/** The SDK's VerifySignatureRequest: no `prehashed`, so digests are verified locally (signing/local-verify.ts). */
export interface VerifyInput {
  input: string
  signature: string
  hashAlgorithm?: string
}
export interface HmacInput {
  input: string
  keyVersion?: KeyVersionInput
  algorithm?: string
}
export interface VerifyHmacInput {
  input: string
  hmac: string
  hashAlgorithm?: string
}
export interface ExportInput {
  keyVersion?: KeyVersionInput
}

/** Standard base64 with padding, as the KMS expects (Go's base64.StdEncoding). */
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
export function isStdBase64(s: string): boolean {
  return s.length > 0 && STD_BASE64.test(s)
}
