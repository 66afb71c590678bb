import { AppErrorCodeSchema, type AppErrorCode } from '@contract/errors'
import { AppFailure, appError, errnoReason } from './errors'

/**
 * Every failure of the file engine. `code` is one of the shared AppError codes so the UI and the
 * CLI map it without a second vocabulary; `chunk` names the chunk that failed authentication.
 * Messages never contain key material or plaintext.
 */
export class FileError extends AppFailure {
  readonly chunk?: number

  constructor(code: AppErrorCode, message: string, opts: { chunk?: number; hint?: string; cause?: unknown } = {}) {
    super(appError(code, message, { hint: opts.hint }), { cause: opts.cause })
    this.name = 'FileError'
    if (opts.chunk !== undefined) this.chunk = opts.chunk
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
  return new FileError('io', `Could not ${doing} ${path}: ${errnoReason(e)}`, { cause: e })
}
