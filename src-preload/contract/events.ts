import { z } from 'zod'
import { bulkEvents } from './channels/bulk'
import { JobViewSchema } from './schemas/files'

/** Main → renderer events. Payloads carry ids, names and progress, never secrets. */
export const events = {
  'job:progress': z.object({
    jobId: z.string(),
    bytesDone: z.number(),
    bytesTotal: z.number(),
    /** Bytes per second, measured in main over the job's run. */
    rate: z.number().optional(),
    etaSeconds: z.number().optional()
  }),
  /** A file job finished (ok, error or cancelled): the full view of the job, with its output or error. */
  'job:done': JobViewSchema,
  'profiles:changed': z.object({ activeId: z.string() }),
  ...bulkEvents
} as const

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>
