import type { AppError, AppErrorCode } from '../../../src-preload/contract/errors'

/**
 * Every refusal of the BYOK core. Messages say what was wrong and never contain key material;
 * `hint` says what to do next. IPC handlers turn it into an `AppError` with `toAppError()`.
 */
export class ByokError extends Error {
  override readonly name = 'ByokError'

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly hint?: string,
    readonly field?: string
  ) {
    super(message)
  }

  toAppError(): AppError {
    const e: AppError = { code: this.code, message: this.message }
    if (this.hint !== undefined) e.hint = this.hint
    if (this.field !== undefined) e.field = this.field
    return e
  }
}

export const badInput = (message: string, hint?: string, field?: string): ByokError =>
  new ByokError('bad_input', message, hint, field)

export const integrity = (message: string, hint?: string, field?: string): ByokError =>
  new ByokError('integrity', message, hint, field)
