import { z } from 'zod'
import { KeyTypeSchema } from './key-types'

/** Statuses of a key; `pending_deletion` keys are purged 30 days after deletion was scheduled. */
export const KeyStatusSchema = z.enum(['active', 'disabled', 'pending_deletion'])
export type KeyStatus = z.infer<typeof KeyStatusSchema>

const StringMap = z.record(z.string(), z.string())
/** Servers send `keyVersion` as a string; accept numbers too and normalise to string. */
export const KeyVersionStringSchema = z.union([z.string(), z.number().int()]).transform(String)

export const OrganisationSchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  objectVersion: z.number().int().optional()
})

export const KeyVersionSchema = z.object({
  version: z.number().int(),
  status: z.string().optional(),
  createdAt: z.string()
})
export type KeyVersion = z.infer<typeof KeyVersionSchema>

export const KmsKeySchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().optional(),
  labels: StringMap.nullish(),
  annotations: StringMap.nullish(),
  projectId: z.string().nullish(),
  keyType: KeyTypeSchema,
  status: KeyStatusSchema,
  exportAllowed: z.boolean().default(false),
  imported: z.boolean().optional(),
  keyRotationEnabled: z.boolean().default(false),
  rotationPeriodInDays: z.number().int().nullish(),
  latestVersion: z.number().int().optional(),
  minDecryptionVersion: z.number().int().optional(),
  versions: z.array(KeyVersionSchema).optional(),
  deletionScheduledAt: z.string().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
  objectVersion: z.number().int().optional(),
  organisation: OrganisationSchema.optional()
})
export type KmsKey = z.infer<typeof KmsKeySchema>

export const SummaryRegionSchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: z.string(),
  kmsAvailable: z.boolean(),
  totalKeys: z.number().int().default(0),
  activeKeys: z.number().int().default(0),
  disabledKeys: z.number().int().default(0),
  pendingDeletionKeys: z.number().int().default(0)
})
export type SummaryRegion = z.infer<typeof SummaryRegionSchema>

export const KmsSummarySchema = z.object({
  featureEnabled: z.boolean(),
  regions: z.array(SummaryRegionSchema).nullish().transform((r) => r ?? [])
})
export type KmsSummary = z.infer<typeof KmsSummarySchema>

export const CreateKeyRequestSchema = z.object({
  name: z.string().min(1).max(255),
  keyType: KeyTypeSchema,
  description: z.string().max(1024).optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  exportAllowed: z.boolean().optional(),
  keyRotationEnabled: z.boolean().optional(),
  rotationPeriodInDays: z.number().int().min(1).max(3650).optional(),
  importKeyMaterial: z.string().optional(),
  hashFunction: z.string().optional(),
  allowRotation: z.boolean().optional()
})
export type CreateKeyRequest = z.infer<typeof CreateKeyRequestSchema>

export const UpdateRotationRequestSchema = z.object({
  keyRotationEnabled: z.boolean().optional(),
  rotationPeriodInDays: z.number().int().min(1).max(3650).optional()
})
export type UpdateRotationRequest = z.infer<typeof UpdateRotationRequestSchema>

export const ListFilterSchema = z.object({
  identity: z.string().optional(),
  name: z.string().optional(),
  slug: z.string().optional()
})
export type ListFilter = z.infer<typeof ListFilterSchema>

/** RSA/ECDSA: PEM SubjectPublicKeyInfo; Ed25519: base64 of the raw 32-byte key. */
export const PublicKeysSchema = z.object({ keys: z.record(z.string(), z.string()) })
export type PublicKeys = z.infer<typeof PublicKeysSchema>

export const WrappingKeySchema = z.object({ publicKey: z.string(), algorithm: z.string().optional() })
export type WrappingKey = z.infer<typeof WrappingKeySchema>

export const HASH_ALGORITHMS = ['sha2-256', 'sha2-384', 'sha2-512'] as const
export const HashAlgorithmSchema = z.enum(HASH_ALGORITHMS)
export type HashAlgorithm = z.infer<typeof HashAlgorithmSchema>

/** GET /v1/me/organisation-memberships: one entry per organisation the caller belongs to. */
export const OrganisationMembershipSchema = z.object({
  organisation: OrganisationSchema,
  role: z.string().optional(),
  createdAt: z.string().optional()
})
export type OrganisationMembership = z.infer<typeof OrganisationMembershipSchema>

/** GET /v1/projects (needs the `projects` feature gate). */
export const ProjectSchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().optional(),
  labels: StringMap.nullish(),
  annotations: StringMap.nullish(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  objectVersion: z.number().int().optional()
})
export type Project = z.infer<typeof ProjectSchema>
