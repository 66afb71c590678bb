import { z } from 'zod'

const KeyIdentity = z.object({ region: z.string().min(1).max(64), identity: z.string().min(1).max(128) })
const Recipient = KeyIdentity.extend({ slug: z.string().max(255) })

/** Which files under a chosen folder to re-encrypt (headers only are read to decide). */
export const ReencryptFindSchema = z.object({
  /** A folder chosen in main's native dialog (a capability, never a path string). */
  folderId: z.string().min(1).max(64),
  recursive: z.boolean(),
  keys: z.array(KeyIdentity).max(64).optional(),
  belowVersion: z.number().int().min(1).optional(),
  unusableKeys: z.boolean().optional()
})

export const ReencryptScanSchema = z.object({
  matched: z.array(z.object({ path: z.string(), why: z.array(z.string()) })),
  unmatched: z.number().int(),
  unreadable: z.array(z.object({ path: z.string(), message: z.string() }))
})

const ReencryptFileStateSchema = z.enum(['pending', 'writing', 'done', 'failed', 'skipped'])

export const ReencryptJobViewSchema = z.object({
  jobId: z.string(),
  root: z.string(),
  state: z.enum(['running', 'finished', 'interrupted']),
  createdAt: z.string(),
  files: z.array(z.object({ path: z.string(), state: ReencryptFileStateSchema, message: z.string().optional() })),
  unmatched: z.number().int(),
  unreadable: z.array(z.object({ path: z.string(), message: z.string() }))
})
export type ReencryptJobView = z.infer<typeof ReencryptJobViewSchema>

export const ReencryptStartSchema = ReencryptFindSchema.extend({ to: z.array(Recipient).min(1).max(64).optional() })
