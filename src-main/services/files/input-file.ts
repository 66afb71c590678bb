import { AsyncLocalStorage } from 'node:async_hooks'
import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { resolve } from 'node:path'
import { FileError, ioError } from '../shared/file-errors'
import type { FileIdentity } from './path-handles'

export interface InputFile {
  handle: FileHandle
  size: number
  mtimeMs: number
}

/** An input main validated: the canonical path it resolved to then, and the file it was. */
export interface PinnedInput {
  real: string
  identity: FileIdentity
}

const pins = new AsyncLocalStorage<ReadonlyMap<string, PinnedInput>>()
/** Each batch's pins keyed by resolved path, built once: every job of a batch shares its map. */
const resolvedPins = new WeakMap<ReadonlyMap<string, PinnedInput>, ReadonlyMap<string, PinnedInput>>()

/**
 * Runs one job with its inputs pinned: inside `fn`, opening one of these paths opens the canonical
 * path found at validation without following a link (O_NOFOLLOW), and the opened file must be the
 * validated one (fstat). A link swapped in later cannot redirect the read (say, into the app's data).
 */
export function withPinnedInputs<T>(pinned: ReadonlyMap<string, PinnedInput>, fn: () => Promise<T>): Promise<T> {
  // Resolving every path of the batch for each of its files was quadratic (10,000 files: 10^8 resolves).
  let byPath = resolvedPins.get(pinned)
  if (!byPath) {
    byPath = new Map([...pinned].map(([p, v]) => [resolve(p), v]))
    resolvedPins.set(pinned, byPath)
  }
  return pins.run(byPath, fn)
}

/** Opens a file for reading and refuses anything that is not a regular file (folders, devices, FIFOs). */
export async function openRegularFile(path: string): Promise<InputFile> {
  const pin = pins.getStore()?.get(resolve(path))
  let handle: FileHandle
  try {
    // O_NONBLOCK keeps a FIFO from blocking the open; fstat below then refuses it.
    const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (pin ? (constants.O_NOFOLLOW ?? 0) : 0)
    handle = await open(pin?.real ?? path, flags)
  } catch (e) {
    if (pin && typeof e === 'object' && e !== null && 'code' in e && e.code === 'ELOOP') throw replaced(path)
    throw ioError(e, path, 'open')
  }
  const st = await handle.stat()
  if (!st.isFile()) {
    await handle.close()
    throw new FileError('bad_input', `${path} is not a regular file`, {
      hint: 'Choose a file, not a folder or a device.'
    })
  }
  if (pin && (st.dev !== pin.identity.dev || st.ino !== pin.identity.ino)) {
    await handle.close()
    throw replaced(path)
  }
  return { handle, size: st.size, mtimeMs: st.mtimeMs }
}

function replaced(path: string): FileError {
  return new FileError(
    'bad_input',
    `${path} is no longer the file you added: it was replaced or redirected since; nothing was read`,
    { hint: 'Add the file again if you still mean to process it.' }
  )
}

/** Reads a whole small file through openRegularFile (pins apply), refusing one over `max` bytes. */
export async function readRegularFile(path: string, max: number): Promise<Buffer> {
  const f = await openRegularFile(path)
  try {
    if (f.size > max)
      throw new FileError('bad_input', `${path} is ${f.size} bytes, more than the ${max} bytes expected here`)
    const buf = Buffer.alloc(f.size)
    const { bytesRead } = await f.handle.read(buf, 0, f.size, 0).catch((e: unknown) => {
      throw ioError(e, path, 'read')
    })
    return buf.subarray(0, bytesRead)
  } finally {
    await f.handle.close()
  }
}

/** Refuses to write the output over the input itself. */
export function assertDistinct(input: string, output: string): void {
  if (resolve(input) === resolve(output)) {
    throw new FileError('bad_input', `The output ${output} is the input file itself`, {
      hint: 'Choose another output name.'
    })
  }
}

/** Encrypting a file that changes underneath would produce a file that matches neither version. */
export async function assertUnchanged(f: InputFile, path: string): Promise<void> {
  const st = await f.handle.stat()
  if (st.size !== f.size || st.mtimeMs !== f.mtimeMs) {
    throw new FileError('io', `${path} changed while it was being read; nothing was written`, {
      hint: 'Try again when the file is no longer being modified.'
    })
  }
}
