import { z } from 'zod'
import { PosturePatchSchema, PostureSettingsSchema } from './posture'

export const SettingsSchema = z.object({
  /** Seconds after which a copied sensitive value is cleared from the clipboard; 0 never. */
  clipboardClearSeconds: z.number().int().min(0).max(3600).default(30),
  /** Concurrent file jobs in the Files queue. */
  fileConcurrency: z.number().int().min(1).max(8).default(2),
  /** Log every KMS request and answer, redacted, to logs/wire.log in the data folder (for support). */
  wireLog: z.boolean().default(false),
  /** Key posture rules, thresholds and due reminders (docs/posture.md). */
  posture: PostureSettingsSchema.prefault({})
})
export type Settings = z.infer<typeof SettingsSchema>

/** A change to some settings. No defaults here: a field the patch omits keeps its current value. */
export const SettingsPatchSchema = z.object({
  clipboardClearSeconds: z.number().int().min(0).max(3600).optional(),
  fileConcurrency: z.number().int().min(1).max(8).optional(),
  wireLog: z.boolean().optional(),
  posture: PosturePatchSchema.optional()
})
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>
