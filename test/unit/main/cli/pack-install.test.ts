import { execFile, spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { C, ok, setup, tkms } from './helpers'
import { presetTestWrappingKey } from '../../../support/wrapping-key'

const run = promisify(execFile)
const ROOT = resolve('.')
/** A network namespace of its own (root, or user namespaces allowed): then nothing can reach out. */
const NETNS = process.platform === 'linux' && spawnSync('unshare', ['-rn', 'true']).status === 0

/** Runs a command with no network at all where a namespace can be made. */
function offline(cmd: string, args: string[], o: { env: NodeJS.ProcessEnv; cwd?: string }) {
  return NETNS ? run('unshare', ['-rn', cmd, ...args], o) : run(cmd, args, o)
}

let t: Awaited<ReturnType<typeof setup>>
let installed: string
let env: NodeJS.ProcessEnv
beforeAll(async () => {
  t = await setup()
  await presetTestWrappingKey(t.sandbox)
}, 60_000)
afterAll(async () => t?.cleanup())

describe('npm pack: one file that installs with no registry and no network', { timeout: 300_000 }, () => {
  it('packs the bundle and the runtime dependencies, and installs offline with an empty cache', async () => {
    const packDir = join(t.dir, 'pack')
    await mkdir(packDir)
    // The bundle is fresh (vitest's global setup built it), so the prepare script is not needed here.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
      cwd: ROOT,
      maxBuffer: 64 << 20
    })
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[]; bundled: string[] }[]
    if (!packed) throw new Error('npm pack reported nothing')
    expect(packed.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        'out/cli/tkms.js',
        'out/cli/tkms-main.cjs',
        'out/cli/tkms-main.cjs.cache',
        'out/cli/age-plugin-thalassa.js',
        'out/cli/files-worker.js',
        'package.json'
      ])
    )
    expect(packed.files.some((f) => f.path.startsWith('src-'))).toBe(false)
    // Every runtime dependency travels inside the tarball (a new one left out breaks the offline install).
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
      bundleDependencies: string[]
    }
    expect([...pkg.bundleDependencies].sort()).toEqual(Object.keys(pkg.dependencies).sort())
    expect(packed.bundled).toEqual(expect.arrayContaining(Object.keys(pkg.dependencies)))
    const home = join(t.dir, 'home')
    const prefix = join(t.dir, 'prefix')
    const cache = join(t.dir, 'empty-cache')
    await Promise.all([mkdir(home), mkdir(cache)])
    env = { PATH: process.env['PATH'], HOME: home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-bus' }
    // No namespace possible: the registry points at a closed loopback port, so a fetch would fail.
    await offline(
      'npm',
      [
        'install',
        '--global',
        '--offline',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--prefix',
        prefix,
        '--cache',
        cache,
        '--registry',
        'http://127.0.0.1:9/',
        join(packDir, packed.filename)
      ],
      { env }
    )
    installed = join(prefix, 'bin', 'tkms')
    const help = await run(installed, ['--help'], { env })
    expect(help.stdout).toContain('Usage: tkms')
    // The second bin: age finds the plugin on PATH under this exact name.
    const plugin = await run(join(prefix, 'bin', 'age-plugin-thalassa'), ['--version'], { env })
    expect(plugin.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('the installed tkms prepares a BYOK bundle offline and encrypts and decrypts files against a sandbox', async () => {
    const work = join(t.dir, 'work')
    await mkdir(work)
    // Headless: the sandbox credentials come from THALASSA_* variables (no keychain on this runner).
    const online = {
      ...env,
      TKMS_DATA_DIR: join(t.dir, 'installed-data'),
      THALASSA_API_ENDPOINT: t.sandbox.url,
      THALASSA_ORGANISATION: C.organisation,
      THALASSA_API_TOKEN: C.adminPat
    }
    await run(installed, ['--region', 'nl-01', 'keys', 'create', 'packed', '--type', 'aes256-gcm96'], {
      env: online,
      cwd: work
    })
    await writeFile(join(work, 'report.txt'), 'quarterly numbers\n'.repeat(1000))
    await run(
      installed,
      ['--region', 'nl-01', 'files', 'encrypt', 'report.txt', '--key', 'packed', '--out', 'report.txt.tkms'],
      { env: online, cwd: work }
    )
    await run(installed, ['--region', 'nl-01', 'files', 'decrypt', 'report.txt.tkms', '--out', 'back.txt'], {
      env: online,
      cwd: work
    })
    expect(await readFile(join(work, 'back.txt'), 'utf8')).toBe('quarterly numbers\n'.repeat(1000))
    await run(installed, ['--region', 'nl-01', 'byok', 'wrapping-key', 'save', '--out', 'nl-01.wrapping-key.json'], {
      env: online,
      cwd: work
    })
    // The air-gapped step: no profile, no credentials, no network.
    const airGapped = { ...env, TKMS_DATA_DIR: join(t.dir, 'air-gapped-data') }
    await offline(
      installed,
      [
        'byok',
        'prepare',
        '--wrapping-key',
        'nl-01.wrapping-key.json',
        '--key-type',
        'aes256-gcm96',
        '--generate',
        '--name',
        'packed-byok',
        '--out',
        'packed-byok.byok.json'
      ],
      { env: airGapped, cwd: work }
    )
    // Back online, the source tree's CLI imports what the installed one prepared.
    const imported = ok(
      await tkms(['--output', 'json', 'byok', 'import', join(work, 'packed-byok.byok.json')], { env: t.env })
    )
    expect(imported.json()).toMatchObject({ key: { name: 'packed-byok' } })
  })
})
