import { z } from 'zod'
import {
  InspectResultSchema,
  JobViewSchema,
  PickRequestSchema,
  PickResultSchema,
  StartJobsSchema
} from '../schemas/files'

export const filesChannels = {
  /** Starts the crypto workers when the Files screen opens, so the first file does not wait. */
  'files:prewarm': { request: z.undefined(), response: z.object({ workers: z.number().int() }) },
  /**
   * A drop, from the preload: main validates the paths (regular, readable, not the app's data),
   * expands folders and mints a handle per file. The window's API takes File objects, not paths.
   */
  'files:drop': {
    request: z.object({ paths: z.array(z.string().min(1).max(4096)).min(1).max(1000) }),
    response: InspectResultSchema
  },
  /** Native open dialog; the chosen paths are validated like dropped ones. */
  'files:pick': { request: PickRequestSchema, response: PickResultSchema },
  'files:start': { request: StartJobsSchema, response: z.array(JobViewSchema) },
  'files:jobs': { request: z.undefined(), response: z.array(JobViewSchema) },
  'files:cancel': {
    request: z.object({ jobId: z.string().min(1).max(64) }),
    response: z.object({ cancelled: z.boolean() })
  },
  'files:cancel-all': { request: z.undefined(), response: z.object({ cancelled: z.number().int() }) },
  'files:clear-finished': { request: z.undefined(), response: z.object({ removed: z.number().int() }) },
  /** Reveals a job's input or output in the file manager (by job, never by path). */
  'files:show-in-folder': {
    request: z.object({ jobId: z.string().min(1).max(64), which: z.enum(['input', 'output']) }),
    response: z.object({ shown: z.boolean() })
  }
} as const
