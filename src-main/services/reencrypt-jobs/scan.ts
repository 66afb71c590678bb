import { createHash } from 'node:crypto'
import { lstat, opendir } from 'node:fs/promises'
import { join } from 'node:path'
import { ENCRYPTED_EXTENSION } from '../files/decrypt'
import { readParsedHeader } from '../files/encrypted-source'
import { toAppError } from '../kms/errors'
import { openRegularFile } from '../files/input-file'
import { TEMP_MARKER } from '../files/output-target'
import { matchRecipients, type ReencryptCriteria, type StatusLookup } from './criteria'

export interface ScannedFile {
  path: string
  size: number
  mtimeMs: number
  /** SHA-256 of the header as scanned: a different header later means the file was rewritten. */
  headerHash: string
  why: string[]
}

export interface ScanResult {
  matched: ScannedFile[]
  /** Encrypted files that do not match (left alone). */
  unmatched: number
  /** Files named *.tkms whose header could not be read: reported, never touched. */
  unreadable: { path: string; message: string }[]
}

/** Every *.tkms regular file under `root` (symlinks are not followed), sorted for stable runs. */
async function findEncrypted(root: string, recursive: boolean): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string): Promise<void> => {
    for await (const e of await opendir(dir)) {
      const p = join(dir, e.name)
      if (e.isDirectory() && recursive) await walk(p)
      else if (e.isFile() && e.name.endsWith(ENCRYPTED_EXTENSION) && !e.name.includes(TEMP_MARKER)) out.push(p)
    }
  }
  await walk(root)
  return out.sort()
}

/** Reads one header (no KMS call) and says whether it matches, with what identifies this version of the file. */
export async function inspect(path: string, c: ReencryptCriteria, status?: StatusLookup): Promise<ScannedFile> {
  const st = await lstat(path)
  const f = await openRegularFile(path)
  try {
    const h = await readParsedHeader(f, path)
    const headerHash = createHash('sha256').update(h.authenticated).update(h.mac).digest('hex')
    return {
      path,
      size: st.size,
      mtimeMs: st.mtimeMs,
      headerHash,
      why: await matchRecipients(h.fields.recipients, c, status)
    }
  } finally {
    await f.handle.close()
  }
}

export async function scan(
  root: string,
  recursive: boolean,
  c: ReencryptCriteria,
  status?: StatusLookup,
  signal?: AbortSignal
): Promise<ScanResult> {
  const r: ScanResult = { matched: [], unmatched: 0, unreadable: [] }
  for (const path of await findEncrypted(root, recursive)) {
    if (signal?.aborted) break
    try {
      const s = await inspect(path, c, status)
      if (s.why.length) r.matched.push(s)
      else r.unmatched++
    } catch (e) {
      r.unreadable.push({ path, message: toAppError(e).message })
    }
  }
  return r
}
