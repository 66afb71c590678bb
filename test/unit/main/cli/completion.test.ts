import { execFileSync } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completionScript } from '../../../../src-main/cli/completion'
import { buildProgram } from '../../../../src-main/cli/program'
import { cliEnv, tempDir, tkms } from './helpers'

let dir = ''
beforeAll(async () => {
  dir = await tempDir('tkms-completion-')
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

/**
 * Completes each command line (the last word is the one being typed) in a real shell with the
 * generated script loaded; returns the candidates per line. zsh goes through bashcompinit with
 * 0-based arrays, as its _bash_complete wrapper does.
 */
async function complete(shell: 'bash' | 'zsh', lines: string[][]): Promise<string[][]> {
  const script = join(dir, `tkms.${shell}`)
  await writeFile(script, completionScript(buildProgram(), shell))
  const quote = (w: string): string => `'${w.replace(/'/g, `'\\''`)}'`
  const calls = lines.map((l) => `t ${l.map(quote).join(' ')}`).join('\n')
  const prelude = shell === 'zsh' ? 'autoload -U compinit && compinit -u -D\n' : ''
  const local = shell === 'zsh' ? 'setopt localoptions ksharrays; ' : ''
  const driver = `${prelude}source ${quote(script)}
t() { ${local}COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _tkms_complete; echo "\${COMPREPLY[*]}"; }
${calls}
`
  const out = execFileSync(shell, shell === 'zsh' ? ['-f', '-c', driver] : ['--norc', '-c', driver], {
    encoding: 'utf8',
    cwd: dir,
    env: { PATH: process.env['PATH'], HOME: dir }
  })
  return out
    .split('\n')
    .slice(0, lines.length)
    .map((l) => l.split(' ').filter(Boolean))
}

describe('tkms completion', () => {
  it('bash: sub-commands, nested sub-commands, flags and flag values from the command tree', async () => {
    const [top, keys, create, type, status, output, flags, afterValue, leaf] = await complete('bash', [
      ['tkms', 'ke'],
      ['tkms', 'keys', ''],
      ['tkms', '--output', 'json', 'keys', 'cr'],
      ['tkms', 'keys', 'create', '--type', 'rsa'],
      ['tkms', 'keys', 'list', '--status', ''],
      ['tkms', '--output', ''],
      ['tkms', 'files', 'encrypt', '--o'],
      // "files" is the value of --profile, not the files command
      ['tkms', '--profile', 'files', 'keys', 'ro'],
      ['tkms', 'files', 'encrypt', '']
    ])
    expect(top).toEqual(['keys'])
    expect(keys).toEqual(
      expect.arrayContaining(['list', 'get', 'create', 'rotate', 'disable', 'schedule-deletion', 'public-key'])
    )
    expect(create).toEqual(['create'])
    expect(type).toEqual(['rsa-2048', 'rsa-3072', 'rsa-4096'])
    expect(status).toEqual(['active', 'disabled', 'pending_deletion'])
    expect(output).toEqual(['json', 'table'])
    expect(flags).toEqual(['--out', '--out-dir', '--output'])
    expect(afterValue).toEqual(['rotate', 'rotation'])
    // No candidates: bash falls back to file names (complete -o default) for input files.
    expect(leaf).toEqual([])
  })

  it('zsh: the same script through bashcompinit (zsh filters by prefix itself)', async () => {
    const [top, values, flags] = await complete('zsh', [
      ['tkms', 'ke'],
      ['tkms', 'keys', 'create', '--type', ''],
      ['tkms', 'files', 'decrypt', '--']
    ])
    expect(top).toEqual(expect.arrayContaining(['keys', 'files', 'byok', 'completion']))
    expect(values).toEqual(expect.arrayContaining(['aes256-gcm96', 'rsa-4096', 'ed25519', 'hmac-sha512']))
    expect(values).not.toContain('--type')
    expect(flags).toEqual(expect.arrayContaining(['--out', '--force', '--profile', '--help']))
    expect(flags).not.toContain('--version')
  })

  it('prints the script from the CLI and refuses an unknown shell with exit 1', async () => {
    const env = cliEnv(join(dir, 'data'))
    const ok = await tkms(['completion', 'bash'], { env })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('complete -o default -F _tkms_complete tkms')
    const bad = await tkms(['completion', 'fish'], { env })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('bash, zsh')
    expect(bad.stdout).toBe('')
  })
})
