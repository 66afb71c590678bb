import { randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { ByokError } from './errors'

export interface AtomicWriteOptions {
  mode?: number
  /** false (default): refuse when the target exists; the check and the write are one step. */
  overwrite?: boolean
}

/**
 * Write to a temporary file beside the target, fsync, then publish it. Without `overwrite` the
 * publish is a hard link, which fails if the target exists, so an existing file is never replaced
 * even by a concurrent writer; with it, a rename. Nothing partial ever appears at `target`.
 */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  opts: AtomicWriteOptions = {}
): Promise<void> {
  const mode = opts.mode ?? 0o644
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`)
  let handle: fs.FileHandle | undefined
  try {
    handle = await fs.open(tmp, 'wx', mode)
    await handle.writeFile(data)
    await handle.chmod(mode) // open() filters the mode through the umask; set it exactly
    await handle.sync()
    await handle.close()
    handle = undefined
    if (opts.overwrite === true) {
      await fs.rename(tmp, target)
    } else {
      await fs.link(tmp, target)
      await fs.unlink(tmp)
    }
  } catch (e) {
    await handle?.close().catch(() => undefined)
    await fs.unlink(tmp).catch(() => undefined)
    throw toWriteError(e, target)
  }
}

function toWriteError(e: unknown, target: string): ByokError {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'EEXIST') {
    return new ByokError('exists', `${target} already exists; it was left untouched.`, 'Choose another file name.')
  }
  return new ByokError('io', `Could not write ${target}: ${code ?? (e as Error).message}.`, 'Check the folder exists and is writable.')
}

export async function readTextFile(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new ByokError('io', `Could not read the ${what} ${file}: ${code ?? 'error'}.`, 'Check the path.')
  }
}
