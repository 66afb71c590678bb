import { AppErrorSchema, type AppError } from '../../src-preload/contract/errors'

/** An error that already carries a stable AppError (KMS errors, file errors, ...). */
export interface HasAppError {
  appError: AppError
}

function hasAppError(e: unknown): e is HasAppError {
  return typeof e === 'object' && e !== null && 'appError' in e && AppErrorSchema.safeParse((e as HasAppError).appError).success
}

/** Maps anything thrown by a service to an AppError; unknown failures never leak their text or stack. */
export function toAppError(error: unknown): AppError {
  if (hasAppError(error)) return AppErrorSchema.parse(error.appError)
  return { code: 'internal', message: 'An unexpected error occurred in the application.', hint: 'See the application log for details.' }
}
