import { randomBytes } from 'node:crypto'
import { link, lstat, mkdir, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { tempFiles } from './temp-files'

export interface AtomicWriteOptions {
  /** File mode, set exactly (not filtered by the umask). Default 0600. */
  mode?: number
  /** Replace an existing file (default). false: refuse with EEXIST, even against a concurrent writer. */
  overwrite?: boolean
  /** Create the folder if missing (default, for the app's own files); false for paths the user named. */
  createDir?: boolean
}

/**
 * Writes a temporary file beside the target, fsyncs it, then publishes it: readers see the old file
 * or the new one, never half of either, and nothing partial is ever left at the target. With
 * `overwrite: false` the publish is a hard link, which fails if the target exists.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  o: AtomicWriteOptions = {}
): Promise<void> {
  const dir = dirname(path)
  if (o.createDir !== false) await mkdir(dir, { recursive: true, mode: 0o700 })
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const fh = await open(tmp, 'wx', o.mode ?? 0o600)
  tempFiles.add(tmp)
  try {
    await fh.writeFile(data)
    await fh.chmod(o.mode ?? 0o600)
    await fh.sync()
    await fh.close()
    await publishFile(tmp, path, o.overwrite !== false)
  } catch (e) {
    await fh.close().catch(() => undefined)
    await unlink(tmp).catch(() => undefined)
    throw e
  } finally {
    tempFiles.delete(tmp)
  }
  await syncDir(dir)
}

/**
 * Moves a finished (synced) temporary file to `path`. Without `overwrite` the move is a hard link,
 * which fails with EEXIST if the target exists, even against a concurrent writer; where hard links
 * are not supported it checks, then renames.
 */
export async function publishFile(tmp: string, path: string, overwrite: boolean): Promise<void> {
  if (overwrite) return rename(tmp, path)
  try {
    await link(tmp, path)
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : ''
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV' && code !== 'ENOSYS')
      throw e
    if (
      await lstat(path).then(
        () => true,
        () => false
      )
    )
      throw Object.assign(new Error(`${path} already exists`), { code: 'EEXIST' })
    await rename(tmp, path)
    return
  }
  await unlink(tmp)
}

/** Makes a rename in `dir` durable. */
async function syncDir(dir: string): Promise<void> {
  try {
    const d = await open(dir, 'r')
    await d.sync().finally(() => d.close())
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename itself is still atomic.
  }
}

/*
 * Group commit of folder fsyncs. A caller's rename is durable once a folder fsync that *started
 * after* the rename has finished. While one fsync of a folder runs, every caller arriving meanwhile
 * waits for the single next one, which covers them all: a batch of thousands of small outputs in
 * one folder costs a handful of folder fsyncs instead of one per file, with the same guarantee for
 * each file (durable before its caller goes on).
 */
interface DirGroup {
  running?: Promise<void>
  next?: Promise<void>
}
const dirGroups = new Map<string, DirGroup>()

export function syncDirGrouped(dir: string, sync: (dir: string) => Promise<void> = syncDir): Promise<void> {
  let g = dirGroups.get(dir)
  if (!g) dirGroups.set(dir, (g = {}))
  const group = g
  const start = (): Promise<void> => {
    const p: Promise<void> = sync(dir).finally(() => {
      if (group.running === p) group.running = undefined
      if (!group.running && !group.next && dirGroups.get(dir) === group) dirGroups.delete(dir)
    })
    group.running = p
    return p
  }
  if (group.next) return group.next
  if (!group.running) return start()
  const go = (): Promise<void> => {
    group.next = undefined
    return start()
  }
  const next: Promise<void> = group.running.then(go, go)
  group.next = next
  return next
}
