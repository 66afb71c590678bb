import { AppErrorSchema, type AppError } from '../../src-preload/contract/errors'

/** Errors of the services carry a stable AppError, as a property or through a method. */
function carried(e: unknown): unknown {
  if (typeof e !== 'object' || e === null) return undefined
  if ('appError' in e) return (e as { appError: unknown }).appError
  if ('toAppError' in e && typeof (e as { toAppError: unknown }).toAppError === 'function') return (e as { toAppError: () => unknown }).toAppError()
  return undefined
}

/** Maps anything thrown by a service to an AppError; unknown failures never leak their text or stack. */
export function toAppError(error: unknown): AppError {
  const parsed = AppErrorSchema.safeParse(carried(error))
  if (parsed.success) return parsed.data
  return { code: 'internal', message: 'An unexpected error occurred in the application.', hint: 'See the application log for details.' }
}
