import { z } from 'zod'

/**
 * Bulk operations on keys. Labels are not among the actions: the KMS API has no way to change a
 * key's labels after creation (no PUT or PATCH on the key), so the app and CLI say so instead.
 */
export const BulkActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rotate') }),
  z.object({ kind: z.literal('enable') }),
  z.object({ kind: z.literal('disable') }),
  z.object({
    kind: z.literal('set-rotation'),
    keyRotationEnabled: z.boolean(),
    rotationPeriodInDays: z.number().int().min(1).max(3650).optional()
  }),
  z.object({ kind: z.literal('schedule-deletion') })
])
export type BulkAction = z.infer<typeof BulkActionSchema>

export const BulkTargetSchema = z.object({
  region: z.string().min(1).max(64),
  identity: z.string().min(1).max(128),
  name: z.string().max(255)
})
export type BulkTarget = z.infer<typeof BulkTargetSchema>

/** Which keys a CLI run touches; every given criterion must match (labels: every pair). */
export interface BulkSelector {
  labels?: Record<string, string>
  type?: string
  status?: string
  regions?: string[]
}

const BulkOutcomeSchema = z.enum(['pending', 'running', 'done', 'unchanged', 'failed', 'cancelled'])

const BulkKeyResultSchema = BulkTargetSchema.extend({
  outcome: BulkOutcomeSchema,
  /** Why it failed or was left unchanged, in words for the user. */
  message: z.string().optional(),
  code: z.string().optional(),
  /** How many times the action was sent (1 normally; more only after re-reading showed it had not landed). */
  attempts: z.number().int().min(0),
  /** The answer was lost, and re-reading the key showed the action had landed. */
  confirmedByReread: z.boolean().optional()
})
export type BulkKeyResult = z.infer<typeof BulkKeyResultSchema>

export const BulkRunViewSchema = z.object({
  runId: z.string(),
  action: BulkActionSchema,
  state: z.enum(['running', 'done', 'cancelled']),
  results: z.array(BulkKeyResultSchema)
})
export type BulkRunView = z.infer<typeof BulkRunViewSchema>

/** Typed confirmation for scheduling deletion: the count and the scope exactly as the plan shows them. */
export const BulkConfirmSchema = z.object({ count: z.number().int().min(0), scope: z.string().max(400) })

export const BulkPlanSchema = z.object({
  count: z.number().int(),
  /** "profile · region", the words the user types back to confirm a deletion. */
  scope: z.string(),
  needsConfirmation: z.boolean()
})
export type BulkPlan = z.infer<typeof BulkPlanSchema>

export const MAX_BULK_TARGETS = 10_000
