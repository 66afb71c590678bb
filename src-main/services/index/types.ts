import { z } from 'zod'

/** One `.tkms` file the app wrote or scanned: where it is and which keys open it. Never contents. */
const IndexedFileSchema = z.object({
  path: z.string(),
  size: z.number().int().min(0),
  mtimeMs: z.number(),
  recipients: z.array(z.object({ region: z.string(), identity: z.string(), slug: z.string() }))
})
export type IndexedFile = z.infer<typeof IndexedFileSchema>

export const IndexFileSchema = z.object({
  version: z.literal(1),
  files: z.array(IndexedFileSchema),
  /** Folders the user asked the app to keep scanning. */
  watch: z.array(z.string())
})
export type IndexFile = z.infer<typeof IndexFileSchema>

export interface ScanReport {
  folder: string
  /** `.tkms` files found and indexed. */
  indexed: number
  /** Entries under the folder removed because the file is gone or no longer a readable envelope. */
  removed: number
  /** Files ending in .tkms whose header could not be read (path and reason, no contents). */
  unreadable: { path: string; reason: string }[]
}

/** The file name of the index inside the app data folder. */
export const INDEX_FILE_NAME = 'local-index.json'
