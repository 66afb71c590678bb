import { z } from 'zod'
import { RecipientSetSchema } from './recipient-sets'
import { PosturePatchSchema, PostureSettingsSchema } from './posture'

export const SettingsSchema = z.object({
  /** Seconds after which a copied sensitive value is cleared from the clipboard; 0 never. */
  clipboardClearSeconds: z.number().int().min(0).max(3600).default(30),
  /** Concurrent file jobs in the Files queue. */
  fileConcurrency: z.number().int().min(1).max(8).default(2),
  /** Files one encrypt data key serves within a batch (same recipients); 1 is one data key per file. */
  dataKeyFiles: z.number().int().min(1).max(1_000_000).default(10_000),
  /** Minutes one encrypt data key serves within a batch, whichever limit comes first. */
  dataKeyMinutes: z.number().int().min(1).max(1440).default(60),
  /** Log every KMS request and answer, redacted, to logs/wire.log in the data folder (for support). */
  wireLog: z.boolean().default(false),
  /** Saved recipient sets of the Files screen (changed only through the recipients:* channels); a damaged list is dropped, not the other settings. */
  recipientSets: z.array(RecipientSetSchema).max(50).default([]).catch([]),
  /** Key posture rules, thresholds and due reminders (docs/posture.md). */
  posture: PostureSettingsSchema.prefault({})
})
export type Settings = z.infer<typeof SettingsSchema>

/**
 * What settings:set may change, as a patch: no defaults here, so a field the patch omits keeps its
 * current value. The recipient sets are not in it: they have their own checked channels.
 */
export const SettingsPatchSchema = z.object({
  clipboardClearSeconds: z.number().int().min(0).max(3600).optional(),
  fileConcurrency: z.number().int().min(1).max(8).optional(),
  dataKeyFiles: z.number().int().min(1).max(1_000_000).optional(),
  dataKeyMinutes: z.number().int().min(1).max(1440).optional(),
  wireLog: z.boolean().optional(),
  posture: PosturePatchSchema.optional()
})
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>
