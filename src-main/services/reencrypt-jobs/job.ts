import { basename } from 'node:path'
import { reencryptFile } from '../files/reencrypt'
import type { DataKeyWrapper, RecipientRef } from '../file-format/types'
import type { WorkerPool } from '../files/worker-pool'
import { AppFailure, toAppError } from '../kms/errors'
import type { ReencryptCriteria, StatusLookup } from './criteria'
import { loadJournal, newJobId, saveJournal, type Journal, type JournalFile } from './journal'
import { inspect, scan } from './scan'

export interface JobDeps {
  dataDir: string
  wrapper: DataKeyWrapper
  status?: StatusLookup
  pool?: WorkerPool
  signal?: AbortSignal
  onFile?: (f: JournalFile, index: number, total: number) => void
}

export interface NewJob {
  root: string
  recursive: boolean
  criteria: ReencryptCriteria
  to?: RecipientRef[]
}

/** Finds the matching files and writes the journal; nothing is rewritten yet. */
export async function createJob(d: JobDeps, n: NewJob): Promise<Journal> {
  if (!n.criteria.keys?.length && !n.criteria.unusableKeys)
    throw new AppFailure({
      code: 'bad_input',
      message: 'Say which files to re-encrypt: a key they use, or keys that are disabled or pending deletion.',
      hint: 'CLI: --where-key <key> and/or --where-unusable.'
    })
  const found = await scan(n.root, n.recursive, n.criteria, d.status, d.signal)
  const now = new Date().toISOString()
  const j: Journal = {
    format: 1,
    id: newJobId(),
    createdAt: now,
    updatedAt: now,
    root: n.root,
    recursive: n.recursive,
    criteria: n.criteria,
    ...(n.to ? { to: n.to } : {}),
    state: 'running',
    unmatched: found.unmatched,
    unreadable: found.unreadable,
    files: found.matched.map((m) => ({ ...m, state: 'pending' }))
  }
  await saveJournal(d.dataDir, j)
  return j
}

/**
 * Decides what to do with a journal entry now. `writing` means an earlier run may have renamed the
 * new file into place just before it stopped: a changed header then means that rename happened.
 */
async function recheck(f: JournalFile, j: Journal, d: JobDeps): Promise<'go' | 'done' | 'skip'> {
  let now
  try {
    now = await inspect(f.path, j.criteria, d.status)
  } catch (e) {
    f.message = `No longer readable: ${toAppError(e).message}`
    return 'skip'
  }
  if (now.headerHash === f.headerHash) return 'go'
  if (f.state === 'writing') {
    f.message = 'Re-encrypted before the job was interrupted.'
    return 'done'
  }
  f.message = 'The file changed since it was scanned; it was left as it is.'
  return 'skip'
}

/** Re-encrypts each pending file in place, saving the journal around each, and stops between files when cancelled. */
export async function runJob(d: JobDeps, j: Journal): Promise<Journal> {
  j.state = 'running'
  const total = j.files.length
  for (const [i, f] of j.files.entries()) {
    if (f.state !== 'pending' && f.state !== 'writing') continue
    if (d.signal?.aborted) break
    const next = await recheck(f, j, d)
    if (next !== 'go') {
      f.state = next === 'done' ? 'done' : 'skipped'
    } else {
      f.state = 'writing'
      await saveJournal(d.dataDir, j)
      try {
        await reencryptFile({
          input: f.path,
          output: f.path,
          inPlace: true,
          wrapper: d.wrapper,
          ...(j.to ? { recipients: j.to } : {}),
          ...(d.pool ? { pool: d.pool } : {}),
          ...(d.signal ? { signal: d.signal } : {})
        })
        f.state = 'done'
        delete f.message
      } catch (e) {
        // The original is untouched (the new file only replaces it once complete).
        f.state = d.signal?.aborted ? 'pending' : 'failed'
        f.message = d.signal?.aborted ? undefined : `${basename(f.path)}: ${toAppError(e).message}`
        if (f.message === undefined) delete f.message
      }
    }
    await saveJournal(d.dataDir, j)
    d.onFile?.(f, i, total)
  }
  j.state = j.files.some((f) => f.state === 'pending' || f.state === 'writing') ? 'interrupted' : 'finished'
  await saveJournal(d.dataDir, j)
  return j
}

export async function resumeJob(d: JobDeps, id: string): Promise<Journal> {
  const j = await loadJournal(d.dataDir, id)
  if (!j)
    throw new AppFailure({
      code: 'bad_input',
      message: `No re-encryption job ${id} in this data folder.`,
      hint: 'List the jobs (tkms files reencrypt-jobs) and pick one that is interrupted.'
    })
  if (j.state === 'finished') return j
  return runJob(d, j)
}

export function summary(j: Journal): {
  matched: number
  done: number
  failed: number
  skipped: number
  pending: number
  unmatched: number
  unreadable: number
} {
  const c = (s: JournalFile['state']) => j.files.filter((f) => f.state === s).length
  return {
    matched: j.files.length,
    done: c('done'),
    failed: c('failed'),
    skipped: c('skipped'),
    pending: c('pending') + c('writing'),
    unmatched: j.unmatched,
    unreadable: j.unreadable.length
  }
}
