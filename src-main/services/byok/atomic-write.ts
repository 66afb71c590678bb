import { writeFileAtomic as sharedWriteFileAtomic, type AtomicWriteOptions } from '../../common/atomic-file'
import { FileError } from '../shared/file-errors'
import { readRegularFile } from '../files/input-file'
import { ByokError } from './errors'

export type { AtomicWriteOptions }

/** The shared atomic writer, refusing to overwrite unless asked, with errors the user can act on. */
export async function writeFileAtomic(
  target: string,
  data: Uint8Array | string,
  opts: AtomicWriteOptions = {}
): Promise<void> {
  try {
    await sharedWriteFileAtomic(target, data, {
      mode: opts.mode ?? 0o644,
      overwrite: opts.overwrite ?? false,
      createDir: false
    })
  } catch (e) {
    throw toWriteError(e, target)
  }
}

function toWriteError(e: unknown, target: string): ByokError {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'EEXIST') {
    return new ByokError('exists', `${target} already exists; it was left untouched.`, 'Choose another file name.')
  }
  return new ByokError(
    'io',
    `Could not write ${target}: ${code ?? (e as Error).message}.`,
    'Check the folder exists and is writable.'
  )
}

/** Wrapping-key files, bundles and key material are small; anything far larger is not one of them. */
const MAX_BYOK_FILE_BYTES = 1024 * 1024

/**
 * Reads a BYOK input: a regular file only (a FIFO or device is refused instead of blocking or
 * reading for ever), at most MAX_BYOK_FILE_BYTES.
 */
export async function readInputFile(file: string, what: string): Promise<Buffer> {
  try {
    return await readRegularFile(file, MAX_BYOK_FILE_BYTES)
  } catch (e) {
    if (e instanceof FileError)
      throw new ByokError(
        e.code,
        `The ${what} could not be read. ${e.message}.`,
        'Choose the file itself, not a folder, device or pipe.'
      )
    throw new ByokError('io', `Could not read the ${what} ${file}.`, 'Check the path.')
  }
}

export async function readTextFile(file: string, what: string): Promise<string> {
  return (await readInputFile(file, what)).toString('utf8')
}
