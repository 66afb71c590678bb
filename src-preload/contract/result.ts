import type { AppError } from './errors'

/** What every IPC call returns: errors are values, never thrown across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }
