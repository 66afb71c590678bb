import { z } from 'zod'
import { IndexScanSchema, KeyUsageSchema, PostureScopeSchema, PostureViewSchema } from '../schemas/posture'
import { SavedFileSchema } from './kms'

const REPORT_FORMATS = ['csv', 'json', 'html'] as const

export const postureChannels = {
  /** The findings queue over every region with KMS (optionally every project and profile). */
  'posture:overview': { request: PostureScopeSchema, response: PostureViewSchema },
  /** The inventory report, written where the user picks in main's save dialog. */
  'posture:export-report': {
    request: PostureScopeSchema.extend({ format: z.enum(REPORT_FORMATS) }),
    response: SavedFileSchema
  },
  /** How many indexed local files use a key, with up to 20 of their paths. */
  'index:key-usage': {
    request: z.object({ region: z.string().min(1).max(64), identity: z.string().min(1).max(128) }),
    response: KeyUsageSchema
  },
  /** Adds a folder (chosen in main's dialog) to the watch list and scans it. */
  'index:add-watch': { request: z.undefined(), response: IndexScanSchema },
  /** Rescans every watched folder. */
  'index:rescan': {
    request: z.undefined(),
    response: z.object({ indexed: z.number().int(), folders: z.number().int() })
  },
  /** The watch list and how many files the index holds. */
  'index:watched': {
    request: z.undefined(),
    response: z.object({ watched: z.array(z.string()), files: z.number().int() })
  },
  'index:remove-watch': {
    request: z.object({ folder: z.string().min(1).max(4096) }),
    response: z.object({ watched: z.array(z.string()) })
  }
} as const
