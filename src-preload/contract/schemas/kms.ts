import { z } from 'zod'
import { KEY_STATUSES, KeyTypeSchema } from './key-types'

/** Statuses of a key; `pending_deletion` keys are purged 30 days after deletion was scheduled. */
export const KeyStatusSchema = z.enum(KEY_STATUSES)
export type KeyStatus = z.infer<typeof KeyStatusSchema>

/*
 * Responses are read tolerantly (Postel): the SDK marks most fields `omitempty`, a real server may
 * send `null` for them, and enums may grow. Optional fields accept missing and null (normalised to
 * undefined), unknown `keyType`/`status` values are kept as strings for the UI to show as unknown,
 * and unknown fields are ignored.
 */
const StringMap = z.record(z.string(), z.string())
const orUndefined = (v: unknown): unknown => (v === null ? undefined : v)
/** Missing or null → undefined (the key stays optional in the type). */
const opt = <T extends z.ZodType>(t: T) => z.preprocess(orUndefined, t.optional())
/** Missing or null → the fallback. */
const orElse = <T extends z.ZodType>(t: T, fallback: z.input<T>) => z.preprocess((v) => v ?? fallback, t)
const OptString = opt(z.string())
const OptMap = opt(StringMap)
const OptInt = opt(z.number().int())
/** Servers send `keyVersion` as a string; accept numbers too and normalise to string. */
export const KeyVersionStringSchema = z.union([z.string(), z.number().int()]).transform(String)
/** A version number sent as a number or a string of digits. */
const VersionNumber = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^[0-9]+$/)
    .transform(Number)
])

const OrganisationSchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: z.string(),
  description: OptString,
  createdAt: OptString,
  updatedAt: OptString,
  objectVersion: OptInt
})

const KeyVersionSchema = z.object({
  version: VersionNumber,
  status: OptString,
  createdAt: z.string()
})

export const KmsKeySchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: orElse(z.string(), ''),
  description: OptString,
  labels: OptMap,
  annotations: OptMap,
  projectId: OptString,
  /** One of KEY_TYPES, or a type this client does not know yet (every operation is then disabled). */
  keyType: z.string(),
  /** One of KeyStatusSchema's values, or a status this client does not know yet. */
  status: z.string(),
  exportAllowed: orElse(z.boolean(), false),
  imported: opt(z.boolean()),
  keyRotationEnabled: orElse(z.boolean(), false),
  rotationPeriodInDays: OptInt,
  latestVersion: opt(VersionNumber),
  minDecryptionVersion: opt(VersionNumber),
  versions: opt(z.array(KeyVersionSchema)),
  deletionScheduledAt: OptString,
  createdAt: orElse(z.string(), ''),
  updatedAt: orElse(z.string(), ''),
  objectVersion: OptInt,
  organisation: opt(OrganisationSchema)
})
export type KmsKey = z.infer<typeof KmsKeySchema>

const Count = orElse(z.number().int(), 0)
const SummaryRegionSchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: z.string(),
  kmsAvailable: z.boolean(),
  totalKeys: Count,
  activeKeys: Count,
  disabledKeys: Count,
  pendingDeletionKeys: Count
})
export type SummaryRegion = z.infer<typeof SummaryRegionSchema>

export const KmsSummarySchema = z.object({
  featureEnabled: z.boolean(),
  regions: z
    .array(SummaryRegionSchema)
    .nullish()
    .transform((r) => r ?? [])
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

export const WrappingKeySchema = z.object({ publicKey: z.string(), algorithm: OptString })
export type WrappingKey = z.infer<typeof WrappingKeySchema>

import { HASH_ALGORITHMS } from '../hash-algorithms'
export { HASH_ALGORITHMS }
export const HashAlgorithmSchema = z.enum(HASH_ALGORITHMS)
export type HashAlgorithm = z.infer<typeof HashAlgorithmSchema>

/** GET /v1/me/organisation-memberships: one entry per organisation the caller belongs to. */
export const OrganisationMembershipSchema = z.object({
  organisation: OrganisationSchema,
  role: OptString,
  createdAt: OptString
})
export type OrganisationMembership = z.infer<typeof OrganisationMembershipSchema>

/** GET /v1/projects (needs the `projects` feature gate). */
export const ProjectSchema = z.object({
  identity: z.string(),
  name: z.string(),
  slug: z.string(),
  description: OptString,
  labels: OptMap,
  annotations: OptMap,
  createdAt: OptString,
  updatedAt: OptString,
  objectVersion: OptInt
})
export type Project = z.infer<typeof ProjectSchema>
