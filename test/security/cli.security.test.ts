import { spawn } from 'node:child_process'
import { watch } from 'node:fs'
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { Command, Option } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { globalOptions } from '../../src-main/cli/globals'
import { escapeText, Output, renderFields, renderTable } from '../../src-main/cli/output'
import { buildProgram } from '../../src-main/cli/program'
import { parserChoices } from '../../src-main/cli/run'
import { KmsClient } from '../../src-main/services/kms/client'
import { FakeKms } from '../unit/main/services/fake-kms'
import { BIN, cliEnv, ok, setup, tempDir, tkms } from '../unit/main/cli/helpers'

const ESC_TRICKS = [
  '\u001b[2K\u001b[1Arm -rf ~',
  '\u001b]52;c;ZWNobyBwd25lZA==\u0007',
  'invoice\u202egpj.exe',
  'bell\u0007\r\u0085',
  'zero\u200f\u2066width'
]
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/

describe('no sub-command flag is captured by a global one', () => {
  interface Leaf {
    path: string[]
    cmd: Command
  }
  const leaves = (c: Command, path: string[] = []): Leaf[] =>
    c.commands.length === 0 ? [{ path, cmd: c }] : c.commands.flatMap((s) => leaves(s, [...path, s.name()]))
  const sample = (o: Option): string =>
    o.argChoices?.[0] ?? (o.parseArg ? parserChoices.get(o.parseArg)?.[0] : undefined) ?? '1'

  /** Parses one command line with every action replaced by a recorder; returns what the leaf got. */
  async function parse(argv: string[]): Promise<{ leaf: Command; opts: Record<string, unknown> }> {
    const program = buildProgram()
    let got: { leaf: Command; opts: Record<string, unknown> } | undefined
    const quiet = (c: Command): void => {
      c.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: () => undefined })
      if (c.commands.length === 0)
        c.action(
          (...args: unknown[]) => void (got = { leaf: args.at(-1) as Command, opts: (args.at(-1) as Command).opts() })
        )
      c.commands.forEach(quiet)
    }
    quiet(program)
    await program.parseAsync(argv, { from: 'user' })
    if (!got) throw new Error(`no command ran for ${argv.join(' ')}`)
    return got
  }

  const all = leaves(buildProgram())
  const required = (l: Leaf, except?: Option): string[] => [
    ...l.cmd.registeredArguments.filter((a) => a.required).map((a) => a.argChoices?.[0] ?? 'arg'),
    ...l.cmd.options.filter((o) => o.mandatory && o !== except).flatMap((o) => [o.long ?? '', sample(o)])
  ]

  it('walks the whole tree', () => {
    expect(all.length).toBeGreaterThanOrEqual(40)
    expect(all.map((l) => l.path.join(' '))).toEqual(
      expect.arrayContaining(['keys export-material', 'keys public-key', 'files decrypt', 'byok prepare', 'sandbox'])
    )
  })

  it.each(all.map((l) => [l.path.join(' '), l] as const))('%s: each of its own flags reaches it', async (_name, l) => {
    for (const o of l.cmd.options.filter((x) => !x.hidden && x.long !== '--help')) {
      const given = o.required || o.optional ? [o.long ?? '', sample(o)] : [o.long ?? '']
      const { leaf, opts } = await parse([...l.path, ...required(l, o), ...given])
      expect(leaf.name(), o.long).toBe(l.cmd.name())
      const expected = o.required || o.optional ? (o.parseArg ? o.parseArg(sample(o), undefined) : sample(o)) : true
      expect(opts[o.attributeName()], `${l.path.join(' ')} ${o.long}`).toEqual(expected)
    }
  })

  it.each(all.map((l) => [l.path.join(' '), l] as const))(
    '%s: shared options work before and after the sub-command',
    async (_name, l) => {
      const after = await parse([...l.path, ...required(l), '--output', 'json', '--region', 'nl-02', '-q'])
      expect(globalOptions(after.leaf)).toMatchObject({ output: 'json', region: 'nl-02', quiet: true })
      const before = await parse(['--output', 'json', '--profile', 'p', ...l.path, ...required(l)])
      expect(globalOptions(before.leaf)).toMatchObject({ output: 'json', profile: 'p' })
    }
  )

  it('the reproductions: export-material and public-key take their own --version', async () => {
    const exp = await parse(['keys', 'export-material', 'k', '--out', 'k.bin', '--confirm', 'k', '--version', '1'])
    expect(exp.opts).toMatchObject({ version: 1, out: 'k.bin', confirm: 'k' })
    const pub = await parse(['keys', 'public-key', 'k', '--version', '2'])
    expect(pub.opts).toMatchObject({ version: 2 })
  })
})

describe('human-readable output escapes control and bidirectional characters; JSON stays exact', () => {
  function capture(mode: 'json' | 'table'): { out: Output; text: () => string } {
    let text = ''
    const sink = new Writable({ write: (c: Buffer, _e, cb) => ((text += c.toString()), cb()) })
    return { out: new Output(mode, false, sink, sink), text: () => text }
  }

  it.each(ESC_TRICKS)('escapes %j in tables, fields, messages and errors', (trick) => {
    const table = renderTable([{ name: trick, type: 'aes256-gcm96' }], ['name', 'type'])
    const fields = renderFields({ name: trick, labels: `team=${trick}` })
    const t = capture('table')
    t.out.result({ trick }, () => `created ${trick}\n`)
    t.out.error({ code: 'validation', message: `key ${trick} refused`, hint: trick })
    t.out.warn(trick)
    for (const s of [table, fields, t.text()]) expect(s).not.toMatch(UNSAFE)
    expect(escapeText('\u001b[2K')).toBe('\\x1b[2K')
    expect(escapeText('a\u202eb')).toBe('a\\u202eb')
    // Table rows stay one line each, whatever a name holds.
    expect(renderTable([{ name: `two\nlines` }], ['name']).split('\n')).toHaveLength(3)
  })

  it('JSON output keeps the exact value', () => {
    const j = capture('json')
    j.out.result({ names: ESC_TRICKS }, () => 'unused')
    expect(JSON.parse(j.text())).toEqual({ names: ESC_TRICKS })
  })
})

describe('the CLI against a server with hostile key metadata', { timeout: 180_000 }, () => {
  let fake: FakeKms
  let dir: string
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    fake = await new FakeKms().start()
    const c = new KmsClient({
      endpoint: fake.url,
      organisation: 'sandbox',
      auth: { authorization: async () => 'Token tc_pat_sandbox_admin' }
    })
    for (const [i, trick] of ESC_TRICKS.entries())
      await c.createKey('nl-01', { name: `k${i} ${trick}`, keyType: 'aes256-gcm96' })
    await c.close()
    dir = await tempDir()
    env = cliEnv(join(dir, 'data'))
    ok(
      await tkms(
        [
          'profiles',
          'add',
          'fake',
          '--endpoint',
          fake.url,
          '--organisation',
          'sandbox',
          '--default-region',
          'nl-01',
          '--secret-stdin',
          '--use'
        ],
        { env, input: 'tc_pat_sandbox_admin\n' }
      )
    )
  }, 120_000)
  afterAll(async () => fake.stop())

  it('keys list prints escaped names; --output json gives them exactly', async () => {
    const table = ok(await tkms(['keys', 'list'], { env }))
    expect(table.stdout).not.toMatch(UNSAFE)
    expect(table.stdout).toContain('\\x1b]52;c;ZWNobyBwd25lZA==\\x07')
    const json = ok(await tkms(['keys', 'list', '--output', 'json'], { env })).json<{ name: string }[]>()
    expect(json.map((k) => k.name).sort()).toEqual(ESC_TRICKS.map((t, i) => `k${i} ${t}`).sort())
  })

  it('activity entries are escaped too', async () => {
    await appendFile(
      join(dir, 'data', 'activity.jsonl'),
      JSON.stringify({
        time: new Date().toISOString(),
        profile: 'fake',
        operation: 'keys:rotate',
        outcome: 'ok',
        key: ESC_TRICKS[1],
        detail: ESC_TRICKS[0]
      }) + '\n'
    )
    const shown = ok(await tkms(['activity', 'show'], { env }))
    expect(shown.stdout).not.toMatch(UNSAFE)
    expect(shown.stdout).toContain('\\x1b]52;c')
    expect(ok(await tkms(['activity', 'show', '--output', 'json'], { env })).json<{ key?: string }[]>()[0]?.key).toBe(
      ESC_TRICKS[1]
    )
  })
})

/** Runs tkms, freezes it (SIGSTOP) the moment its temporary output appears, sends `sig`, lets it go on. */
function interruptMidFile(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  watchDir: string,
  sig: 'SIGINT' | 'SIGTERM'
): Promise<{ code: number | null; sawTemp: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    let sawTemp = false
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const w = watch(watchDir, (_e, name) => {
      if (sawTemp || !String(name).includes('.tkms-tmp-')) return
      sawTemp = true
      child.kill('SIGSTOP')
      child.kill(sig)
      child.kill('SIGCONT')
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      w.close()
      resolve({ code, sawTemp, stderr })
    })
  })
}

describe('Ctrl-C and SIGTERM in the middle of a file', { timeout: 300_000 }, () => {
  let t: Awaited<ReturnType<typeof setup>>
  const marker = Buffer.from('PLAINTEXT-MARKER-0123456789abcdef')
  const plain = Buffer.concat(Array.from({ length: Math.ceil((64 << 20) / marker.length) }, () => marker))
  beforeAll(async () => {
    t = await setup()
    ok(await t.run(['keys', 'create', 'sig-key', '--type', 'aes256-gcm96']))
    await writeFile(join(t.dir, 'big.bin'), plain)
    ok(await t.run(['files', 'encrypt', 'big.bin', '--key', 'sig-key']))
    await mkdir(join(t.dir, 'out'))
  }, 240_000)
  afterAll(() => t.cleanup())

  /** Every file under `root` and whether any holds a piece of the plaintext. */
  async function leftovers(root: string): Promise<{ names: string[]; plaintext: boolean }> {
    const names = (await readdir(root, { recursive: true })).map(String)
    let plaintext = false
    for (const n of names) {
      const data = await readFile(join(root, n)).catch(() => Buffer.alloc(0))
      if (data.includes(marker)) plaintext = plaintext || n !== 'big.bin'
    }
    return { names, plaintext }
  }

  it('SIGINT during files decrypt: exit 130, no temp file, no output, no plaintext byte anywhere', async () => {
    const r = await interruptMidFile(
      ['files', 'decrypt', 'big.bin.tkms', '--out-dir', 'out'],
      t.env,
      t.dir,
      join(t.dir, 'out'),
      'SIGINT'
    )
    expect(r.sawTemp).toBe(true)
    expect(r.code, r.stderr).toBe(130)
    expect(r.stderr).toContain('[cancelled]')
    expect(await readdir(join(t.dir, 'out'))).toEqual([])
    const left = await leftovers(t.dir)
    expect(left.plaintext).toBe(false)
    expect(left.names.filter((n) => n.includes('.tkms-tmp-'))).toEqual([])
  })

  it('SIGTERM during files encrypt: exit 143 and neither temp file nor output', async () => {
    const r = await interruptMidFile(
      ['files', 'encrypt', 'big.bin', '--key', 'sig-key', '--out-dir', 'out'],
      t.env,
      t.dir,
      join(t.dir, 'out'),
      'SIGTERM'
    )
    expect(r.sawTemp).toBe(true)
    expect(r.code, r.stderr).toBe(143)
    expect(await readdir(join(t.dir, 'out'))).toEqual([])
  })
})
