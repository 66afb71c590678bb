import { z } from 'zod'
import {
  CreateKeyRequestSchema,
  KmsKeySchema,
  KmsSummarySchema,
  ListFilterSchema,
  UpdateRotationRequestSchema
} from '../schemas/kms'
import { ProjectSchema, ScopeSchema, ScopeUpdateSchema } from '../schemas/scope'

const keyRef = z.object({ region: z.string().min(1), id: z.string().min(1) })

const PublicKeyVersionSchema = z.object({
  version: z.number().int(),
  pem: z.string(),
  jwk: z.record(z.string(), z.string()),
  /** SHA-256 over the DER SubjectPublicKeyInfo, hex with colons. */
  fingerprint: z.string()
})
export type PublicKeyVersion = z.infer<typeof PublicKeyVersionSchema>

export const SavedFileSchema = z.object({ path: z.string().optional(), cancelled: z.boolean() })

export const kmsChannels = {
  'scope:get': { request: z.undefined(), response: ScopeSchema },
  'scope:set': { request: ScopeUpdateSchema, response: ScopeSchema },
  'kms:summary': { request: z.undefined(), response: KmsSummarySchema },
  'kms:projects': { request: z.undefined(), response: z.array(ProjectSchema) },
  'keys:list': {
    request: z.object({ region: z.string().min(1), filter: ListFilterSchema.optional() }),
    response: z.array(KmsKeySchema)
  },
  'keys:get': { request: keyRef, response: KmsKeySchema },
  'keys:create': {
    request: z.object({
      region: z.string().min(1),
      key: CreateKeyRequestSchema.omit({ importKeyMaterial: true, hashFunction: true, allowRotation: true })
    }),
    response: KmsKeySchema
  },
  'keys:rotate': { request: keyRef, response: KmsKeySchema },
  'keys:update-rotation': { request: keyRef.extend({ rotation: UpdateRotationRequestSchema }), response: KmsKeySchema },
  'keys:disable': { request: keyRef, response: KmsKeySchema },
  'keys:enable': { request: keyRef, response: KmsKeySchema },
  /** The user must type the key's name; main checks it against the server's copy before deleting. */
  'keys:schedule-deletion': { request: keyRef.extend({ confirmName: z.string() }), response: KmsKeySchema },
  'keys:cancel-deletion': { request: keyRef, response: KmsKeySchema },
  'keys:public-key': {
    request: keyRef.extend({ version: z.number().int().min(1).optional() }),
    response: z.array(PublicKeyVersionSchema)
  },
  'keys:save-public-key': {
    request: keyRef.extend({ version: z.number().int().min(1), format: z.enum(['pem', 'der', 'jwk']) }),
    response: SavedFileSchema
  },
  /** Break-glass: material goes from KMS to a file the user picks in a save dialog (0600), never to the renderer. */
  'keys:export-material': {
    request: keyRef.extend({ version: z.number().int().min(1).optional(), confirmName: z.string() }),
    response: SavedFileSchema
  }
} as const
