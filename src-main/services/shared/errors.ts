import type { z } from 'zod'
import { AppErrorSchema, type AppError, type AppErrorCode } from '@contract/errors'

/**
 * The one error model of main, the CLI and the test bridge. Every service failure is an
 * AppFailure (KmsError, FileError, ByokError and the CLI's UsageError extend it) carrying a
 * user-facing AppError: stable code, message, next step, field, HTTP status. `toAppError` is the
 * only way any boundary (IPC dispatch, CLI, activity log, file jobs) turns a thrown value into
 * what the user sees.
 */
export class AppFailure extends Error {
  /** Mutable on purpose: a layer that knows better may add a hint before rethrowing. */
  readonly appError: AppError

  constructor(appError: AppError, opts: { cause?: unknown } = {}) {
    super(appError.message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'AppFailure'
    this.appError = appError
  }
  get code(): AppErrorCode {
    return this.appError.code
  }
  get hint(): string | undefined {
    return this.appError.hint
  }
  get field(): string | undefined {
    return this.appError.field
  }
  get status(): number | undefined {
    return this.appError.status
  }
  toAppError(): AppError {
    return this.appError
  }
}

/** Builds an AppError without undefined members (so it parses and serialises cleanly). */
export function appError(
  code: AppErrorCode,
  message: string,
  more: { hint?: string | undefined; field?: string | undefined; status?: number | undefined } = {}
): AppError {
  const e: AppError = { code, message }
  if (more.hint !== undefined) e.hint = more.hint
  if (more.field !== undefined) e.field = more.field
  if (more.status !== undefined) e.status = more.status
  return e
}

const INTERNAL_ERROR: Readonly<AppError> = Object.freeze({
  code: 'internal',
  message: 'An unexpected error occurred in the application.',
  hint: 'Try again; if it persists, report it with the application log.'
})

/** Any thrown value → an AppError safe to show. Unknown failures never leak their text or stack. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppFailure) {
    const parsed = AppErrorSchema.safeParse(e.appError)
    if (parsed.success) return parsed.data
  }
  return { ...INTERNAL_ERROR }
}

/** The errno of a Node system error (ENOENT, EACCES, …), or '' when it is not one. */
export function errnoOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : ''
}

const ERRNO_REASONS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EEXIST: 'it already exists',
  EMFILE: 'too many files are open',
  ELOOP: 'it is a symbolic link loop',
  ENAMETOOLONG: 'the name is too long'
}

/** Why a Node system error happened, in words (falls back to the errno, never the raw stack). */
export function errnoReason(e: unknown): string {
  const code = errnoOf(e)
  return ERRNO_REASONS[code] ?? (code || 'unknown error')
}

/**
 * The one mapper for Node system errors: "Could not <doing> <path>: <reason>", code `exists` for
 * EEXIST and `io` otherwise. Failures that are already AppFailures pass through unchanged.
 */
export function errnoFailure(e: unknown, path: string, doing: string, hint?: string): AppFailure {
  if (e instanceof AppFailure) return e
  const code = errnoOf(e) === 'EEXIST' ? 'exists' : 'io'
  return new AppFailure(appError(code, `Could not ${doing} ${path}: ${errnoReason(e)}`, { hint }), { cause: e })
}

/** The one zod-issue formatter: "path: message; …" (at most `max` issues, `(root)` for the top). */
export function zodIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map((i) => `${i.path.join('.').slice(0, 100) || '(root)'}: ${i.message}`)
    .join('; ')
}
