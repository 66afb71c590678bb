import { z } from 'zod'
import {
  BackupResultSchema,
  BundleLoadResultSchema,
  BundleWriteResultSchema,
  ByokOptionsSchema,
  ImportReportViewSchema,
  ImportSettingsSchema,
  MaterialLoadResultSchema,
  MaterialViewSchema,
  SlotIdSchema,
  WrappingKeyLoadResultSchema,
  WrappingKeyViewSchema
} from '../schemas/byok'
import { KeyTypeSchema } from '../schemas/key-types'

const region = z.string().min(1).max(64)
const saved = z.discriminatedUnion('cancelled', [
  z.object({ cancelled: z.literal(true) }),
  z.object({ cancelled: z.literal(false), path: z.string() })
])

/**
 * The BYOK wizard. Material, wrapped blobs and bundles stay in main, in slots the renderer names by
 * id; what comes back is type, size and fingerprints. Only the `fetch`, `import` and `import-now`
 * channels reach the KMS: the offline steps (load a wrapping-key file, material, backup, bundle)
 * work with no network and no usable profile.
 */
export const byokChannels = {
  'byok:options': { request: z.undefined(), response: ByokOptionsSchema },
  /** Online: GET wrapping-key of `region` (default: the scope's region). */
  'byok:fetch-wrapping-key': { request: z.object({ region: region.optional() }), response: WrappingKeyViewSchema },
  /** Save a fetched wrapping key as a wrapping-key file (save dialog). */
  'byok:save-wrapping-key': { request: z.object({ wrappingKeyId: SlotIdSchema }), response: saved },
  /** Offline: open a wrapping-key file (open dialog). */
  'byok:load-wrapping-key': { request: z.undefined(), response: WrappingKeyLoadResultSchema },
  'byok:generate-material': { request: z.object({ keyType: KeyTypeSchema }), response: MaterialViewSchema },
  /** Open a material file (open dialog); the passphrase is for an encrypted PEM only. */
  'byok:load-material': {
    request: z.object({
      keyType: KeyTypeSchema,
      format: z.enum(['auto', 'raw', 'hex', 'base64', 'pem', 'der', 'jwk']).default('auto'),
      passphrase: z.string().max(1024).optional()
    }),
    response: MaterialLoadResultSchema
  },
  'byok:discard-material': {
    request: z.object({ materialId: SlotIdSchema }),
    response: z.object({ discarded: z.boolean() })
  },
  /** Explicit plaintext backup of the material (save dialog, 0600). */
  'byok:save-backup': { request: z.object({ materialId: SlotIdSchema }), response: BackupResultSchema },
  /** Offline: wrap the material under the wrapping key and write the bundle (save dialog). Erases the material. */
  'byok:write-bundle': {
    request: z.object({ wrappingKeyId: SlotIdSchema, materialId: SlotIdSchema, settings: ImportSettingsSchema }),
    response: BundleWriteResultSchema
  },
  /** Online: open a bundle (open dialog) and describe it. */
  'byok:load-bundle': { request: z.undefined(), response: BundleLoadResultSchema },
  /** Online: import a loaded bundle into `region` (default: the scope's region). */
  'byok:import-bundle': {
    request: z.object({ bundleId: SlotIdSchema, region: region.optional() }),
    response: ImportReportViewSchema
  },
  /** Online, one step: wrap the material under the region's current wrapping key and import it. */
  'byok:import-now': {
    request: z.object({ materialId: SlotIdSchema, wrappingKeyId: SlotIdSchema, settings: ImportSettingsSchema }),
    response: ImportReportViewSchema
  }
} as const
