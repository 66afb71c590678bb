import type { CommanderError } from 'commander'
import { isKmsErrorCode, type AppError } from '@contract/errors'
import { AppFailure, appError, toAppError } from '../services/shared/errors'

/** Documented exit codes (docs/cli.md). */
export const EXIT = { ok: 0, usage: 1, kms: 2, local: 3 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** Local codes that mean "the command was given something wrong": exit 1 like a usage error. */
const USAGE_CODES = new Set<AppError['code']>(['bad_input', 'profile_not_found', 'ipc_invalid_request'])

/** A refusal of the CLI itself (missing flag combination, unreadable option value). */
export class UsageError extends AppFailure {
  constructor(message: string, hint?: string) {
    super(appError('bad_input', message, { hint }))
    this.name = 'UsageError'
  }
}

/** Anything thrown → an AppError safe to print (never a stack, never a secret): the shared mapper. */
export const appErrorOf = toAppError

export function exitCodeOf(err: AppError): ExitCode {
  if (isKmsErrorCode(err.code)) return EXIT.kms
  return USAGE_CODES.has(err.code) ? EXIT.usage : EXIT.local
}

/** Commander's own exits: help and version are success, every parse error is a usage error. */
export function commanderExit(e: CommanderError): ExitCode {
  return e.exitCode === 0 ? EXIT.ok : EXIT.usage
}
