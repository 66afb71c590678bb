import { Command, Option } from 'commander'
import { activityCommand } from './commands/activity'
import { byokCommand } from './commands/byok'
import { completionCommand } from './commands/completion'
import { filesCommand } from './commands/files'
import { keysCommand } from './commands/keys'
import { profilesCommand } from './commands/profiles'
import { sandboxCommand } from './commands/sandbox'
import { textCommands } from './commands/text'
import { CLI_VERSION } from './context'

const EPILOG = `
Exit codes: 0 ok, 1 usage or bad input, 2 KMS error (code printed, as in the app), 3 local I/O or
integrity failure (also: a signature or HMAC that does not verify). See docs/cli.md.`

/** The `tkms` command tree; every command and group has --help. */
export function buildProgram(): Command {
  const program = new Command('tkms')
    .description('Thalassa KMS Desktop on the command line: the same profiles, keys, files, signing, BYOK and activity log as the app')
    .version(CLI_VERSION)
    .option('--profile <name>', 'profile to use for this command (default: the active one)')
    .option('--region <slug>', 'region, e.g. nl-01 (default: the profile\'s, else the first with KMS)')
    .option('--project <id>', 'project scope (default: the profile\'s)')
    .addOption(new Option('--output <format>', 'json or table').choices(['json', 'table']).default('table'))
    .option('-q, --quiet', 'no notes, warnings or progress on stderr')
    .option('--data-dir <dir>', 'data folder shared with the app (env TKMS_DATA_DIR)')
    .option('--debug-http', 'print every KMS request and answer to stderr (secrets, plaintext, ciphertext and key material redacted)')
    .addHelpText('after', EPILOG)
    .showHelpAfterError('(add --help for usage)')
  profilesCommand(program)
  textCommands(program)
  keysCommand(program)
  filesCommand(program)
  byokCommand(program)
  activityCommand(program)
  sandboxCommand(program)
  completionCommand(program)
  return program
}
