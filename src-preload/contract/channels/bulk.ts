import { z } from 'zod'
import {
  BulkActionSchema,
  BulkConfirmSchema,
  BulkPlanSchema,
  BulkRunViewSchema,
  BulkTargetSchema,
  MAX_BULK_TARGETS
} from '../schemas/bulk'
import {
  ReencryptFindSchema,
  ReencryptJobViewSchema,
  ReencryptScanSchema,
  ReencryptStartSchema
} from '../schemas/reencrypt'

const targets = z.array(BulkTargetSchema).min(1).max(MAX_BULK_TARGETS)
const jobId = z.object({ jobId: z.string().min(1).max(64) })

/** Bulk key operations and bulk file re-encryption (docs/bulk.md). */
export const bulkChannels = {
  /** The count and scope a deletion confirmation must name, as main will check them. */
  'bulk:plan': { request: z.object({ action: BulkActionSchema, targets }), response: BulkPlanSchema },
  /** Starts a run; per-key outcomes arrive as `bulk:progress`, the end as `bulk:done`. */
  'bulk:start': {
    request: z.object({ action: BulkActionSchema, targets, confirm: BulkConfirmSchema.optional() }),
    response: BulkRunViewSchema
  },
  'bulk:cancel': {
    request: z.object({ runId: z.string().min(1).max(64) }),
    response: z.object({ cancelled: z.boolean() })
  },
  /** Native folder dialog; the folder comes back as an id for the calls below, with its path for display. */
  'reencrypt:pick-folder': {
    request: z.undefined(),
    response: z.object({ cancelled: z.boolean(), folderId: z.string().optional(), path: z.string().optional() })
  },
  'reencrypt:find': { request: ReencryptFindSchema, response: ReencryptScanSchema },
  /** Starts a job; each file's end arrives as `reencrypt:progress`, the end as `reencrypt:done`. */
  'reencrypt:start': { request: ReencryptStartSchema, response: ReencryptJobViewSchema },
  'reencrypt:cancel': { request: jobId, response: z.object({ cancelled: z.boolean() }) },
  'reencrypt:jobs': { request: z.undefined(), response: z.array(ReencryptJobViewSchema) },
  'reencrypt:resume': { request: jobId, response: ReencryptJobViewSchema },
  /** Forgets a job that is not running (its journal only; no file is touched). */
  'reencrypt:discard': { request: jobId, response: z.object({ discarded: z.literal(true) }) }
} as const

/** Main → renderer events of these channels (merged into contract/events.ts). */
export const bulkEvents = {
  'bulk:progress': z.object({
    runId: z.string(),
    index: z.number().int(),
    result: BulkRunViewSchema.shape.results.element
  }),
  'bulk:done': BulkRunViewSchema,
  'reencrypt:progress': z.object({
    jobId: z.string(),
    index: z.number().int(),
    total: z.number().int(),
    path: z.string(),
    state: z.string(),
    message: z.string().optional()
  }),
  'reencrypt:done': ReencryptJobViewSchema
} as const
