import { z } from 'zod'

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
  wireLog: z.boolean().default(false)
})
export type Settings = z.infer<typeof SettingsSchema>
