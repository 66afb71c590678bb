import { z } from 'zod'
import { InspectResultSchema, JobViewSchema, PickRequestSchema, PickResultSchema, StartJobsSchema } from '../schemas/files'

export const filesChannels = {
  /** Starts the crypto workers when the Files screen opens, so the first file does not wait. */
  'files:prewarm': { request: z.undefined(), response: z.object({ workers: z.number().int() }) },
  /** Validates dropped paths in main (regular, readable, not the app's data); folders expand to their files. */
  'files:inspect': { request: z.object({ paths: z.array(z.string().max(4096)).min(1).max(1000) }), response: InspectResultSchema },
  /** Native open dialog; the chosen paths are validated like dropped ones. */
  'files:pick': { request: PickRequestSchema, response: PickResultSchema },
  'files:start': { request: StartJobsSchema, response: z.array(JobViewSchema) },
  'files:jobs': { request: z.undefined(), response: z.array(JobViewSchema) },
  'files:cancel': { request: z.object({ jobId: z.string().min(1).max(64) }), response: z.object({ cancelled: z.boolean() }) },
  'files:cancel-all': { request: z.undefined(), response: z.object({ cancelled: z.number().int() }) },
  'files:clear-finished': { request: z.undefined(), response: z.object({ removed: z.number().int() }) },
  /** Only for paths a job produced or read. */
  'files:show-in-folder': { request: z.object({ path: z.string().min(1).max(4096) }), response: z.object({ shown: z.boolean() }) }
} as const
