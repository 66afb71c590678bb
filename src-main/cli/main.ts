import './wasm-baseline'
import { CommanderError, type Command } from 'commander'
import { buildProgram } from './program'
import { commanderExit, EXIT } from './errors'
import { escapeText } from './output'
import { installInterruptHandlers, interruptedExitCode } from './signals'

/** Every command and sub-command exits through the override, so parse errors become exit 1. */
function overrideAll(cmd: Command): void {
  cmd.exitOverride()
  for (const c of cmd.commands) overrideAll(c)
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  overrideAll(program)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return interruptedExitCode() ?? (typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok)
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e)
    throw e
  }
}

// Ctrl-C and SIGTERM cancel running work, which removes its temp files; then exit 130 or 143.
installInterruptHandlers()
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`error [internal]: ${escapeText(e instanceof Error ? e.message : String(e), false)}\n`)
    process.exitCode = interruptedExitCode() ?? 1
  }
)
