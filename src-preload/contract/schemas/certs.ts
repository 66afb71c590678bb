import { z } from 'zod'
import { KEY_USAGES } from '../key-matrix'

export { KEY_USAGES }
const KeyUsageSchema = z.enum(KEY_USAGES)

/** A CSR or self-signed certificate for an asymmetric key; main signs it with the KMS and asks where to save it. */
export const CertificateRequestSchema = z.object({
  region: z.string().min(1),
  id: z.string().min(1),
  kind: z.enum(['csr', 'self-signed']),
  subject: z.string().min(1).max(1024),
  sans: z.array(z.string().min(1).max(512)).max(100).default([]),
  keyUsage: z.array(KeyUsageSchema).max(KEY_USAGES.length).default(['digitalSignature']),
  /** Self-signed only: validity from now, in days. */
  days: z.number().int().min(1).max(36_500).optional(),
  /** Self-signed only: basicConstraints CA:TRUE. */
  ca: z.boolean().default(false)
})

/** A CSR and a certificate are public: the PEM may be shown. */
export const CertificateResultSchema = z.object({
  pem: z.string(),
  signatureAlgorithm: z.string(),
  serialNumber: z.string().optional(),
  notAfter: z.string().optional(),
  cancelled: z.boolean(),
  path: z.string().optional()
})
export type CertificateResult = z.infer<typeof CertificateResultSchema>
