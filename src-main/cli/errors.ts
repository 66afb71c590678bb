import type { CommanderError } from 'commander'
import { AppErrorSchema, isKmsErrorCode, type AppError } from '../../src-preload/contract/errors'
import { FileError } from '../services/files/errors'
import { toAppError } from '../ipc/to-app-error'

/** Documented exit codes (docs/cli.md). */
export const EXIT = { ok: 0, usage: 1, kms: 2, local: 3 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** Local codes that mean "the command was given something wrong": exit 1 like a usage error. */
const USAGE_CODES = new Set<AppError['code']>(['bad_input', 'profile_not_found', 'ipc_invalid_request'])

/** A refusal of the CLI itself (missing flag combination, unreadable option value). */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Anything thrown → an AppError safe to print (never a stack, never a secret). */
export function appErrorOf(e: unknown): AppError {
  if (e instanceof UsageError) return { code: 'bad_input', message: e.message, ...(e.hint ? { hint: e.hint } : {}) }
  if (e instanceof FileError) {
    const parsed = AppErrorSchema.safeParse({ code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) })
    if (parsed.success) return parsed.data
  }
  return toAppError(e)
}

export function exitCodeOf(err: AppError): ExitCode {
  if (isKmsErrorCode(err.code)) return EXIT.kms
  return USAGE_CODES.has(err.code) ? EXIT.usage : EXIT.local
}

/** Commander's own exits: help and version are success, every parse error is a usage error. */
export function commanderExit(e: CommanderError): ExitCode {
  return e.exitCode === 0 ? EXIT.ok : EXIT.usage
}
