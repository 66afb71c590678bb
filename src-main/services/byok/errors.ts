import type { AppErrorCode } from '@contract/errors'
import { AppFailure, appError } from '../shared/errors'

/**
 * Every refusal of the BYOK core. Messages say what was wrong and never contain key material;
 * `hint` says what to do next. An AppFailure, so every boundary keeps its code (services/shared/errors.ts).
 */
export class ByokError extends AppFailure {
  constructor(code: AppErrorCode, message: string, hint?: string, field?: string) {
    super(appError(code, message, { hint, field }))
    this.name = 'ByokError'
  }
}

export const badInput = (message: string, hint?: string, field?: string): ByokError =>
  new ByokError('bad_input', message, hint, field)

export const integrity = (message: string, hint?: string, field?: string): ByokError =>
  new ByokError('integrity', message, hint, field)
