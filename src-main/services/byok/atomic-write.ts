import { promises as fs } from 'node:fs'
import { writeFileAtomic as sharedWriteFileAtomic, type AtomicWriteOptions } from '../shared/atomic-file'
import { ByokError } from './errors'

export type { AtomicWriteOptions }

/** The shared atomic writer, refusing to overwrite unless asked, with errors the user can act on. */
export async function writeFileAtomic(target: string, data: Uint8Array | string, opts: AtomicWriteOptions = {}): Promise<void> {
  try {
    await sharedWriteFileAtomic(target, data, { mode: opts.mode ?? 0o644, overwrite: opts.overwrite ?? false, createDir: false })
  } catch (e) {
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
