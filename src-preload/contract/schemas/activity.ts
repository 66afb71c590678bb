import { z } from 'zod'

/** One line of the local activity log: what was done, never secrets or plaintext. */
export const ActivityEntrySchema = z.object({
  time: z.string(),
  profile: z.string(),
  region: z.string().optional(),
  key: z.string().optional(),
  operation: z.string(),
  outcome: z.enum(['ok', 'error']),
  errorCode: z.string().optional(),
  /** The error's own sentence and next step (older lines carry only the code). */
  errorMessage: z.string().max(2000).optional(),
  errorHint: z.string().max(2000).optional(),
  detail: z.string().optional()
})
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>

export const ActivityFilterSchema = z.object({
  text: z.string().optional(),
  operation: z.string().optional(),
  outcome: z.enum(['ok', 'error']).optional(),
  /** ISO 8601 instants: entries at or after `since` and before `until`. */
  since: z.string().optional(),
  until: z.string().optional(),
  /** Only entries naming this key (the key column, exactly or as one of a comma-separated list). */
  key: z.string().optional(),
  limit: z.number().int().min(1).max(100_000).optional()
})
export type ActivityFilter = z.infer<typeof ActivityFilterSchema>
