import { CommanderError, type Command } from 'commander'
import { buildProgram } from './program'
import { commanderExit, EXIT } from './errors'
import { invocationOf, processIo, type CliIo } from './io'
import { escapeText } from './output'
import { interruptedExitCode } from './signals'

/** Every command and sub-command exits through the override, so parse errors become exit 1. */
function overrideAll(cmd: Command): void {
  cmd.exitOverride()
  for (const c of cmd.commands) overrideAll(c)
}

/**
 * Runs one `tkms` command line (without the program name) and resolves its exit code; it never
 * exits the process and never rejects: an unexpected failure is printed as an internal error.
 * The process entry is entry.ts.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const program = buildProgram(io)
    overrideAll(program)
    await program.parseAsync(argv, { from: 'user' })
    return interruptedExitCode() ?? invocationOf(program).exitCode ?? EXIT.ok
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e)
    io.stderr.write(`error [internal]: ${escapeText(e instanceof Error ? e.message : String(e), false)}\n`)
    return interruptedExitCode() ?? 1
  }
}
