import { Command } from 'commander'
import { activityCommand } from './commands/activity'
import { ageCommand } from './commands/age'
import { byokCommand } from './commands/byok'
import { completionCommand } from './commands/completion'
import { filesCommand } from './commands/files'
import { keysCommand } from './commands/keys'
import { profilesCommand } from './commands/profiles'
import { reportCommand } from './commands/report'
import { sandboxCommand } from './commands/sandbox'
import { textCommands } from './commands/text'
import { CLI_VERSION } from './context'
import { globalOptionList, shareGlobalOptions } from './globals'
import { bindInvocation, processIo, type CliIo } from './io'
import { escapeText } from './output'

const EPILOG = `
Shared options go before or after the sub-command; --version only right after tkms.
Exit codes: 0 ok, 1 usage or bad input, 2 KMS error (code printed, as in the app), 3 local I/O or
integrity failure (also: a signature or HMAC that does not verify). See docs/cli.md.`

/** The `tkms` command tree for one run on `io`; every command and group has --help. */
export function buildProgram(io: CliIo = processIo()): Command {
  const program = new Command('tkms')
    .description(
      'Thalassa KMS Desktop on the command line: the same profiles, keys, files, signing, BYOK and activity log as the app'
    )
    .version(CLI_VERSION)
    // Commander's messages can quote what was typed: escaped like every human-readable output.
    .configureOutput({
      writeOut: (s) => io.stdout.write(escapeText(s)),
      writeErr: (s) => io.stderr.write(escapeText(s))
    })
    .addHelpText('after', EPILOG)
    .showHelpAfterError('(add --help for usage)')
  for (const o of globalOptionList()) program.addOption(o.long === '--output' ? o.default('table') : o)
  profilesCommand(program)
  textCommands(program)
  keysCommand(program)
  filesCommand(program)
  byokCommand(program)
  activityCommand(program)
  reportCommand(program)
  sandboxCommand(program)
  ageCommand(program)
  completionCommand(program)
  shareGlobalOptions(program)
  bindInvocation(program, io)
  return program
}
