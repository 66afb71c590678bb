import { z } from 'zod'
import { KeyTypeSchema } from './key-types'
import { CreateKeyRequestSchema, KmsKeySchema } from './kms'

/**
 * BYOK wizard views. Key material and wrapped blobs never cross IPC: main keeps them in
 * short-lived slots and the renderer only ever holds an opaque slot id and these descriptions.
 */

export const BYOK_HASH_FUNCTIONS = ['sha256', 'sha1', 'sha384', 'sha512'] as const
const ByokHashFunctionSchema = z.enum(BYOK_HASH_FUNCTIONS)
export type ByokHashFunction = z.infer<typeof ByokHashFunctionSchema>

export const SlotIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'not a slot id')

const ByokKeyTypeOptionSchema = z.object({
  keyType: KeyTypeSchema,
  importable: z.boolean(),
  /** What material the type takes, or why it cannot be imported. */
  note: z.string()
})

export const ByokOptionsSchema = z.object({
  keyTypes: z.array(ByokKeyTypeOptionSchema),
  hashFunctions: z.array(ByokHashFunctionSchema),
  defaultHashFunction: ByokHashFunctionSchema,
  materialFormats: z.array(z.string()),
  backupWarning: z.string(),
  /** How long generated or loaded material is held in memory before it is erased. */
  slotTtlSeconds: z.number().int()
})
export type ByokOptions = z.infer<typeof ByokOptionsSchema>

export const WrappingKeyViewSchema = z.object({
  id: SlotIdSchema,
  source: z.enum(['kms', 'file']),
  region: z.string(),
  endpoint: z.string(),
  organisation: z.string(),
  fingerprint: z.string(),
  rsaBits: z.number().int(),
  algorithm: z.string().optional(),
  fetchedAt: z.string(),
  /** File name it was loaded from (file source only). */
  fileName: z.string().optional()
})
export type WrappingKeyView = z.infer<typeof WrappingKeyViewSchema>

export const MaterialViewSchema = z.object({
  id: SlotIdSchema,
  keyType: KeyTypeSchema,
  source: z.enum(['generated', 'file']),
  /** Size of the material in its import encoding (raw or PKCS#8 DER), bytes. */
  sizeBytes: z.number().int(),
  publicKeyFingerprint: z.string().optional(),
  fileName: z.string().optional(),
  expiresAt: z.string()
})
export type MaterialView = z.infer<typeof MaterialViewSchema>

const BundleViewSchema = z.object({
  region: z.string(),
  endpoint: z.string().optional(),
  organisation: z.string().optional(),
  wrappingKeyFingerprint: z.string(),
  wrappingKeyBits: z.number().int(),
  keyType: KeyTypeSchema,
  hashFunction: z.string(),
  name: z.string(),
  description: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  allowRotation: z.boolean(),
  publicKeyFingerprint: z.string().optional(),
  createdAt: z.string(),
  digest: z.string(),
  /** Length of the wrapped material (not the material itself). */
  wrappedBytes: z.number().int()
})
export type BundleView = z.infer<typeof BundleViewSchema>

export const ImportSettingsSchema = z.object({
  name: CreateKeyRequestSchema.shape.name,
  description: CreateKeyRequestSchema.shape.description,
  labels: CreateKeyRequestSchema.shape.labels,
  allowRotation: z.boolean().default(false),
  hashFunction: ByokHashFunctionSchema.default('sha256')
})
export type ImportSettings = z.input<typeof ImportSettingsSchema>

export const ImportReportViewSchema = z.object({
  key: KmsKeySchema,
  region: z.string(),
  keyType: KeyTypeSchema,
  hashFunction: z.string(),
  wrappingKeyFingerprint: z.string(),
  imported: z.boolean(),
  publicKeyCheck: z
    .object({
      localFingerprint: z.string(),
      remoteFingerprint: z.string().optional(),
      match: z.boolean(),
      version: z.number().int()
    })
    .optional(),
  warnings: z.array(z.string()),
  ok: z.boolean()
})
export type ImportReportView = z.infer<typeof ImportReportViewSchema>

const cancelled = z.object({ cancelled: z.literal(true) })
export const WrappingKeyLoadResultSchema = z.discriminatedUnion('cancelled', [
  cancelled,
  z.object({ cancelled: z.literal(false), wrappingKey: WrappingKeyViewSchema })
])
export const MaterialLoadResultSchema = z.discriminatedUnion('cancelled', [
  cancelled,
  z.object({ cancelled: z.literal(false), material: MaterialViewSchema })
])
export const BundleLoadResultSchema = z.discriminatedUnion('cancelled', [
  cancelled,
  z.object({ cancelled: z.literal(false), id: SlotIdSchema, fileName: z.string(), bundle: BundleViewSchema })
])
export const BundleWriteResultSchema = z.discriminatedUnion('cancelled', [
  cancelled,
  z.object({ cancelled: z.literal(false), path: z.string(), bundle: BundleViewSchema })
])
export const BackupResultSchema = z.discriminatedUnion('cancelled', [
  cancelled,
  z.object({ cancelled: z.literal(false), path: z.string(), warning: z.string() })
])
