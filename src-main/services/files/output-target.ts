import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { lstat, open, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { publishFile, syncDirGrouped } from '../shared/atomic-file'
import { tempFiles } from '../shared/temp-files'
import { FileError, ioError } from '../shared/file-errors'

export const TEMP_MARKER = '.tkms-tmp-'

/**
 * An output being written: a temp file beside the target (same folder, so the final rename is
 * atomic and never crosses file systems), created exclusively with the final mode.
 */
export interface PendingOutput {
  target: string
  tempPath: string
  handle: FileHandle
}

export async function assertTargetFree(target: string, overwrite: boolean | undefined): Promise<void> {
  if (overwrite) return
  try {
    await lstat(target)
  } catch (e) {
    if (typeof e === 'object' && e !== null && 'code' in e && e.code === 'ENOENT') return
    throw ioError(e, target, 'check')
  }
  throw new FileError('exists', `${target} already exists`, { hint: 'Choose another name, or allow overwriting.' })
}

/** `exact` enforces the mode regardless of the umask (decrypted plaintext must be 0600). */
async function createPending(target: string, mode: number, exact: boolean): Promise<PendingOutput> {
  const tempPath = join(dirname(target), `.${basename(target)}${TEMP_MARKER}${randomBytes(6).toString('hex')}`)
  try {
    const handle = await open(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode)
    tempFiles.add(tempPath)
    if (exact) await handle.chmod(mode)
    return { target, tempPath, handle }
  } catch (e) {
    throw ioError(e, dirname(target), 'create a temporary file in')
  }
}

/**
 * fsync, close, and move into place. Without `overwrite`, a file that appeared meanwhile wins.
 * The chunk runner has already flushed most of the file (write-behind.ts), so this fsync is short.
 * No O_DIRECT second descriptor: it blocks the workers on the device (docs/performance.md).
 */
async function commitPending(p: PendingOutput, overwrite: boolean | undefined): Promise<void> {
  try {
    await p.handle.sync()
    await p.handle.close()
  } catch (e) {
    await discardPending(p)
    throw ioError(e, p.target, 'write')
  }
  try {
    await publishFile(p.tempPath, p.target, overwrite === true)
    tempFiles.delete(p.tempPath)
  } catch (e) {
    await discardPending(p)
    if (typeof e === 'object' && e !== null && 'code' in e && e.code === 'EEXIST') {
      throw new FileError('exists', `${p.target} already exists`, {
        hint: 'Choose another name, or allow overwriting.'
      })
    }
    throw ioError(e, p.target, 'create')
  }
  // Shared with the other outputs committed to this folder meanwhile (group commit): the file is
  // durable under its name before the job reports it done.
  await syncDirGrouped(dirname(p.target))
}

/** Creates the temporary output, lets `fill` write it, then commits it; on any failure nothing is left. */
export async function writeAtomically(
  target: string,
  o: { mode: number; exact: boolean; overwrite: boolean | undefined },
  fill: (out: PendingOutput) => Promise<void>
): Promise<void> {
  const out = await createPending(target, o.mode, o.exact)
  try {
    await fill(out)
    await commitPending(out, o.overwrite)
  } catch (e) {
    await discardPending(out)
    throw e
  }
}

async function discardPending(p: PendingOutput): Promise<void> {
  await p.handle.close().catch(() => undefined)
  await unlink(p.tempPath).catch(() => undefined)
  tempFiles.delete(p.tempPath)
}
