import { z } from 'zod'

/** Main → renderer events. Payloads carry ids, names and progress, never secrets. */
export const events = {
  'job:progress': z.object({
    jobId: z.string(),
    bytesDone: z.number(),
    bytesTotal: z.number()
  }),
  'profiles:changed': z.object({ activeId: z.string() })
} as const

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>
