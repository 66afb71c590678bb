import { CommanderError, type Command } from 'commander'
import { buildProgram } from './program'
import { commanderExit, EXIT } from './errors'

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
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e)
    throw e
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`error [internal]: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  }
)
