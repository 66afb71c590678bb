import { randomUUID } from 'node:crypto'
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from '../shared/atomic-file'

/** Journal format version 1 (docs/bulk.md): one JSON file per job in `<data folder>/reencrypt-jobs/`. */
const RecipientSchema = z.object({ region: z.string(), identity: z.string(), slug: z.string() })
const JournalFileSchema = z.object({
  path: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  headerHash: z.string(),
  why: z.array(z.string()),
  /** pending → writing (the rename may happen any moment) → done | failed | skipped. */
  state: z.enum(['pending', 'writing', 'done', 'failed', 'skipped']),
  message: z.string().optional()
})
export type JournalFile = z.infer<typeof JournalFileSchema>

const JournalSchema = z.object({
  format: z.literal(1),
  id: z.string().uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  root: z.string(),
  recursive: z.boolean(),
  criteria: z.object({
    keys: z.array(z.object({ region: z.string(), identity: z.string() })).optional(),
    belowVersion: z.number().int().min(1).optional(),
    unusableKeys: z.boolean().optional()
  }),
  /** New recipients; absent: each file keeps its recipients, wrapped with their latest versions. */
  to: z.array(RecipientSchema).optional(),
  state: z.enum(['running', 'finished', 'interrupted']),
  unmatched: z.number().int(),
  unreadable: z.array(z.object({ path: z.string(), message: z.string() })),
  files: z.array(JournalFileSchema)
})
export type Journal = z.infer<typeof JournalSchema>

const journalDir = (dataDir: string): string => join(dataDir, 'reencrypt-jobs')
export const newJobId = (): string => randomUUID()

/** Holds paths and header facts only: no contents, no keys, no plaintext. Written atomically, 0600. */
export async function saveJournal(dataDir: string, j: Journal): Promise<void> {
  j.updatedAt = new Date().toISOString()
  await writeFileAtomic(join(journalDir(dataDir), `${j.id}.json`), JSON.stringify(j, null, 1) + '\n', { mode: 0o600 })
}

export async function loadJournal(dataDir: string, id: string): Promise<Journal | undefined> {
  if (!z.string().uuid().safeParse(id).success) return undefined
  let text: string
  try {
    text = await readFile(join(journalDir(dataDir), `${id}.json`), 'utf8')
  } catch {
    return undefined
  }
  const parsed = JournalSchema.safeParse(JSON.parse(text))
  return parsed.success ? parsed.data : undefined
}

export async function listJournals(dataDir: string): Promise<Journal[]> {
  let names: string[]
  try {
    names = await readdir(journalDir(dataDir))
  } catch {
    return []
  }
  const all = await Promise.all(
    names.filter((n) => n.endsWith('.json')).map((n) => loadJournal(dataDir, n.slice(0, -5)))
  )
  return all.filter((j): j is Journal => j !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** Forgets a job: its journal only; no encrypted file is touched. */
export async function removeJournal(dataDir: string, id: string): Promise<boolean> {
  if (!z.string().uuid().safeParse(id).success) return false
  try {
    await rm(join(journalDir(dataDir), `${id}.json`))
    return true
  } catch {
    return false
  }
}
