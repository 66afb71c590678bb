import { z } from 'zod'
import { JobViewSchema } from './files'

/** One running job's progress: bytes read of its input, measured in main. */
export const JobProgressSchema = z.object({
  jobId: z.string(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  /** Bytes per second, measured in main over the job's run. */
  rate: z.number().optional(),
  etaSeconds: z.number().optional()
})
export type JobProgress = z.infer<typeof JobProgressSchema>

/** A batch (the files of one start) so far; exact in the batch's last message. */
export const BatchTotalsSchema = z.object({
  files: z.number(),
  ok: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  /** Input bytes of the files finished ok plus those read so far by running files. */
  bytesDone: z.number(),
  bytesTotal: z.number()
})
export type BatchTotals = z.infer<typeof BatchTotalsSchema>

/**
 * What changed in one batch since its previous message. Main sends at most one per batch every
 * ~100 ms; a failure goes out at once and so does the batch's last file.
 */
export const JobUpdatesSchema = z.object({
  batchId: z.string(),
  /** The latest progress of each job that moved and has not finished. */
  progress: z.array(JobProgressSchema),
  /** Each job that finished, once, with its final view, in the order they finished. */
  done: z.array(JobViewSchema),
  totals: BatchTotalsSchema
})
export type JobUpdates = z.infer<typeof JobUpdatesSchema>
