import { z } from 'zod'
import { KeyTypeSchema } from '@contract/schemas/key-types'
import { KeyStatusSchema } from '@contract/schemas/kms'

const StringMap = z.record(z.string(), z.string())

/** One version of a key; `sealed` is the key material under the master key (AES-256-GCM). */
const VersionRecordSchema = z.object({
  version: z.number().int().min(1),
  createdAt: z.string(),
  sealed: z.string().min(1)
})

const KeyRecordSchema = z.object({
  identity: z.string(),
  organisationIdentity: z.string(),
  region: z.string(),
  projectId: z.string().nullable(),
  name: z.string(),
  slug: z.string(),
  description: z.string().optional(),
  labels: StringMap.optional(),
  annotations: StringMap.optional(),
  keyType: KeyTypeSchema,
  status: KeyStatusSchema,
  exportAllowed: z.boolean(),
  imported: z.boolean(),
  allowRotation: z.boolean(),
  keyRotationEnabled: z.boolean(),
  rotationPeriodInDays: z.number().int().nullable(),
  latestVersion: z.number().int().min(1),
  minDecryptionVersion: z.number().int().min(1),
  versions: z.array(VersionRecordSchema).min(1),
  deletionScheduledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  objectVersion: z.number().int().min(1)
})
export type KeyRecord = z.infer<typeof KeyRecordSchema>

/** The regional BYOK wrapping key (RSA-4096); the private half is sealed like key material. */
const WrappingKeyRecordSchema = z.object({
  region: z.string(),
  publicKeyPem: z.string(),
  sealedPrivateKey: z.string(),
  createdAt: z.string()
})

export const SandboxStateSchema = z.object({
  formatVersion: z.literal(1),
  keys: z.array(KeyRecordSchema),
  wrappingKeys: z.array(WrappingKeyRecordSchema)
})
export type SandboxState = z.infer<typeof SandboxStateSchema>

export const emptyState = (): SandboxState => ({ formatVersion: 1, keys: [], wrappingKeys: [] })
