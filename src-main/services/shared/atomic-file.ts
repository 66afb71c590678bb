import { randomBytes } from 'node:crypto'
import { link, mkdir, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

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
export async function writeFileAtomic(path: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path)
  if (o.createDir !== false) await mkdir(dir, { recursive: true, mode: 0o700 })
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  const fh = await open(tmp, 'wx', o.mode ?? 0o600)
  try {
    await fh.writeFile(data)
    await fh.chmod(o.mode ?? 0o600)
    await fh.sync()
    await fh.close()
    if (o.overwrite === false) {
      await link(tmp, path)
      await unlink(tmp)
    } else {
      await rename(tmp, path)
    }
  } catch (e) {
    await fh.close().catch(() => undefined)
    await unlink(tmp).catch(() => undefined)
    throw e
  }
  try {
    const d = await open(dir, 'r')
    await d.sync().finally(() => d.close())
  } catch {
    // Directory fsync is not supported everywhere (Windows); the rename itself is still atomic.
  }
}
