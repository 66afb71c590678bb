import { AppErrorCodeSchema, type AppError, type AppErrorCode } from '../../../src-preload/contract/errors'

/**
 * Every failure of the file engine. `code` is one of the shared AppError codes so the UI and the
 * CLI map it without a second vocabulary; `chunk` names the chunk that failed authentication.
 * Messages never contain key material or plaintext.
 */
export class FileError extends Error {
  override readonly name = 'FileError'
  readonly code: AppErrorCode
  readonly chunk?: number
  readonly hint?: string

  constructor(code: AppErrorCode, message: string, opts: { chunk?: number; hint?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.code = code
    if (opts.chunk !== undefined) this.chunk = opts.chunk
    if (opts.hint !== undefined) this.hint = opts.hint
  }

  /** The shared error shape, so the activity log and the IPC boundary keep the real code (integrity, io, ...). */
  toAppError(): AppError {
    return { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) }
  }
}

export function notThisFormat(path: string): FileError {
  return new FileError('bad_input', `${path} is not a Thalassa KMS encrypted file (unknown magic bytes)`, {
    hint: 'Choose a file that this app encrypted (usually ending in .tkms).'
  })
}

/** Turns whatever a DataKeyWrapper threw into a FileError, keeping its AppError code when it has one. */
export function fromWrapperError(e: unknown, what: string): FileError {
  if (e instanceof FileError) return e
  const code = typeof e === 'object' && e !== null && 'code' in e ? AppErrorCodeSchema.safeParse(e.code) : undefined
  const message = e instanceof Error ? e.message : String(e)
  if (isAbort(e)) return cancelled()
  return new FileError(code?.success ? code.data : 'internal', `${what}: ${message}`, { cause: e })
}

export function cancelled(): FileError {
  return new FileError('cancelled', 'The operation was cancelled; nothing was written.')
}

export function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'name' in e && e.name === 'AbortError'
}

/** Maps a Node system error (ENOENT, EACCES, …) to a FileError that says which path and what to do. */
export function ioError(e: unknown, path: string, doing: string): FileError {
  if (e instanceof FileError) return e
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : ''
  const reason =
    code === 'ENOENT' ? 'it does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'EROFS' ? 'the file system is read-only'
    : code || (e instanceof Error ? e.message : String(e))
  return new FileError('io', `Could not ${doing} ${path}: ${reason}`, { cause: e })
}
