import { InvalidArgumentError, type Command } from 'commander'
import { CliContext } from './context'
import { globalOptions } from './globals'
import { invocationOf } from './io'
import { interruptedExitCode } from './signals'
import { EXIT, UsageError, appErrorOf, exitCodeOf, type ExitCode } from './errors'
import { Output } from './output'

/**
 * Runs one command's body with a context, prints any failure as an AppError (code, message,
 * hint) and sets the documented exit code. The body may return an exit code (e.g. 3 when a
 * signature does not verify).
 */
export async function run(cmd: Command, body: (ctx: CliContext) => Promise<ExitCode | void>): Promise<void> {
  const inv = invocationOf(cmd)
  let ctx: CliContext | undefined
  try {
    ctx = CliContext.of(cmd)
    inv.exitCode = (await body(ctx)) ?? EXIT.ok
  } catch (e) {
    const err = appErrorOf(e)
    const out =
      ctx?.out ??
      new Output(globalOptions(cmd).output === 'json' ? 'json' : 'table', false, inv.io.stdout, inv.io.stderr)
    out.error(err)
    inv.exitCode = exitCodeOf(err)
  } finally {
    await ctx?.close()
    // A command stopped by Ctrl-C or SIGTERM ends with 130 or 143, whatever it returned.
    inv.exitCode = interruptedExitCode() ?? inv.exitCode
  }
}

/** Collects a repeatable option into an array. */
export const collect = (value: string, prev: string[] = []): string[] => [...prev, value]

/** `--label k=v` (repeatable) → a record. */
export function keyValues(pairs: string[] | undefined, flag: string): Record<string, string> | undefined {
  if (!pairs?.length) return undefined
  const out: Record<string, string> = {}
  for (const p of pairs) {
    const i = p.indexOf('=')
    if (i <= 0) throw new UsageError(`${flag} expects key=value (got "${p}").`)
    out[p.slice(0, i)] = p.slice(i + 1)
  }
  return out
}

/** Commander parser for whole numbers ≥ 1 (a bad value is a usage error, exit 1). */
export function positiveInt(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.')
  return n
}

/** The values each `oneOf` parser accepts, for shell completion. */
export const parserChoices = new WeakMap<object, readonly string[]>()

/** Commander parser for a fixed set of values. */
export const oneOf = <T extends string>(values: readonly T[]) => {
  const parse = (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of: ${values.join(', ')}.`)
    return value as T
  }
  parserChoices.set(parse, values)
  return parse
}
