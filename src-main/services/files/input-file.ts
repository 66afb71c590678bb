import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import { FileError, ioError } from './errors'

export interface InputFile {
  handle: FileHandle
  size: number
  mtimeMs: number
}

/** Opens a file for reading and refuses anything that is not a regular file (folders, devices, FIFOs). */
export async function openRegularFile(path: string): Promise<InputFile> {
  let handle: FileHandle
  try {
    // O_NONBLOCK keeps a FIFO from blocking the open; fstat below then refuses it.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (e) {
    throw ioError(e, path, 'open')
  }
  const st = await handle.stat()
  if (!st.isFile()) {
    await handle.close()
    throw new FileError('bad_input', `${path} is not a regular file`, { hint: 'Choose a file, not a folder or a device.' })
  }
  return { handle, size: st.size, mtimeMs: st.mtimeMs }
}

/** Refuses to write the output over the input itself. */
export function assertDistinct(input: string, output: string): void {
  if (resolve(input) === resolve(output)) {
    throw new FileError('bad_input', `The output ${output} is the input file itself`, { hint: 'Choose another output name.' })
  }
}

/** Encrypting a file that changes underneath would produce a file that matches neither version. */
export async function assertUnchanged(f: InputFile, path: string): Promise<void> {
  const st = await f.handle.stat()
  if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) {
    throw new FileError('io', `${path} changed while it was being read; nothing was written`, { hint: 'Try again when the file is no longer being modified.' })
  }
}
