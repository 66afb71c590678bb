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
  detail: z.string().optional()
})
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>

export const ActivityFilterSchema = z.object({
  text: z.string().optional(),
  operation: z.string().optional(),
  outcome: z.enum(['ok', 'error']).optional(),
  since: z.string().optional(),
  limit: z.number().int().min(1).max(100_000).optional()
})
export type ActivityFilter = z.infer<typeof ActivityFilterSchema>
