import type { AppError } from '@contract/errors'
import type { Result } from '@contract/result'

/** A failed call, carrying the stable AppError from main. */
export class KmsCallError extends Error {
  constructor(readonly error: AppError) {
    super(error.message)
  }
}

/** Unwraps a Result: the value, or a thrown KmsCallError the UI turns into copy. */
export async function call<T>(pending: Promise<Result<T>>): Promise<T> {
  const r = await pending
  if (!r.ok) throw new KmsCallError(r.error)
  return r.value
}

export function errorOf(e: unknown): AppError {
  if (e instanceof KmsCallError) return e.error
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}
