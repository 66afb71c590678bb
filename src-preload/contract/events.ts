import { z } from 'zod'
import { bulkEvents } from './channels/bulk'
import { JobUpdatesSchema } from './schemas/job-updates'

/** Main → renderer events. Payloads carry ids, names and progress, never secrets. */
export const events = {
  /** File jobs: progress and final views of one batch, coalesced (at most one message per ~100 ms). */
  'job:updates': JobUpdatesSchema,
  'profiles:changed': z.object({ activeId: z.string() }),
  ...bulkEvents
} as const

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>
