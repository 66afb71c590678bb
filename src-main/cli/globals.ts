import { Option, type Command } from 'commander'
import type { GlobalOptions } from './context'

/** The options every command takes (besides --version, which belongs to `tkms` alone). */
export function globalOptionList(): Option[] {
  return [
    new Option('--profile <name>', 'profile to use for this command (default: the active one)'),
    new Option('--region <slug>', "region, e.g. nl-01 (default: the profile's, else the first with KMS)"),
    new Option('--project <id>', "project scope (default: the profile's)"),
    new Option('--output <format>', 'json or table').choices(['json', 'table']),
    new Option('-q, --quiet', 'no notes, warnings or progress on stderr'),
    new Option('--data-dir <dir>', 'data folder shared with the app (env TKMS_DATA_DIR)'),
    new Option(
      '--debug-http',
      'print every KMS request and answer to stderr (secrets, plaintext, ciphertext and key material redacted)'
    )
  ]
}

/**
 * `tkms` reads its own options only before the sub-command (positional options), so no flag of a
 * sub-command can be captured by a global one (`keys public-key k --version 2` is the key version,
 * not `tkms --version`). The shared options are still accepted after the sub-command: every leaf
 * command gets them too, hidden from its help (the root's help lists them once).
 */
export function shareGlobalOptions(program: Command): void {
  program.enablePositionalOptions()
  const visit = (cmd: Command): void => {
    if (cmd.commands.length === 0) {
      for (const o of globalOptionList()) cmd.addOption(o.hideHelp())
      return
    }
    for (const c of cmd.commands) visit(c)
  }
  for (const c of program.commands) visit(c)
}

const KEYS = ['profile', 'region', 'project', 'output', 'quiet', 'dataDir', 'debugHttp'] as const

/** The shared options as given: the one nearest the command wins, then the program's (and its defaults). */
export function globalOptions(cmd: Command): GlobalOptions {
  const chain: Command[] = []
  for (let c: Command | null = cmd; c; c = c.parent) chain.push(c)
  const out: Record<string, unknown> = {}
  for (const key of KEYS) {
    const given = chain.find((c) => c.getOptionValueSource(key) === 'cli' || c.getOptionValueSource(key) === 'env')
    const value = (given ?? chain[chain.length - 1])?.getOptionValue(key)
    if (value !== undefined) out[key] = value
  }
  out['output'] ??= 'table'
  return out as unknown as GlobalOptions
}
