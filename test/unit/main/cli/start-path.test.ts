import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build, type Metafile } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_CREDENTIALS as C, startSandbox, type SandboxHandle } from '../../../../src-main/sandbox'
import { SHIPPED_BIN } from './helpers'

const run = promisify(execFile)
const OUT = join(SHIPPED_BIN, '..')
const BUNDLE = join(OUT, 'tkms-main.cjs')
// Prints, at exit, which of Node's network modules (and its own copy of undici, behind fetch) the process loaded.
const PROBE = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (http|https|tls|zlib|internal\\/deps\\/undici\\/undici)$/.test(m))) + '\\n'))")}`

let dir: string
let sandbox: SandboxHandle
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-start-'))
  sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, schedulerIntervalMs: 0 })
}, 60_000)
afterAll(async () => {
  await sandbox?.close()
  await rm(dir, { recursive: true, force: true })
})

const env = () => ({
  PATH: process.env['PATH'],
  HOME: dir,
  TKMS_DATA_DIR: join(dir, 'data'),
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-bus',
  THALASSA_API_ENDPOINT: sandbox.url,
  THALASSA_ORGANISATION: C.organisation,
  THALASSA_API_TOKEN: C.adminPat
})
// Prints, at exit, how long after its first output the process ended.
const EXIT_PROBE = `data:text/javascript,${encodeURIComponent("const w = process.stdout.write.bind(process.stdout); let first; process.stdout.write = (...a) => { first ??= performance.now(); return w(...a) }; process.on('exit', () => process.stderr.write('AFTER ' + Math.round(performance.now() - first) + '\\n'))")}`
const loaded = (stderr: string): string[] => JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? 'null') as string[]

describe('the CLI start path', { timeout: 120_000 }, () => {
  it('ships a V8 code cache that this Node.js accepts for the bundle, under the V8 flags the launcher sets', async () => {
    // V8 accepts a cache only under the flags it was written with: check it as the launcher loads it.
    const flags = [...(await readFile(SHIPPED_BIN, 'utf8')).matchAll(/setFlagsFromString\('([^']+)'\)/g)].map(
      (m) => m[1] ?? ''
    )
    expect(flags).toEqual(['--liftoff-only'])
    const check = (extra: string[]) =>
      run(process.execPath, [
        ...extra,
        '-e',
        `
      const { Script } = require('node:vm'); const Module = require('node:module'); const { readFileSync } = require('node:fs')
      const f = ${JSON.stringify(BUNDLE)}
      const s = new Script(Module.wrap(readFileSync(f, 'utf8')), { filename: f, cachedData: readFileSync(f + '.cache') })
      process.stdout.write(String(s.cachedDataRejected))`
      ])
    expect((await check(flags)).stdout).toBe('false')
    // The negative: without the launcher's flags the same cache is refused, so the check can fail.
    expect((await check([])).stdout).toBe('true')
  })

  it('--help loads no HTTP stack; keys list does, without the one behind fetch', async () => {
    const help = await run(process.execPath, ['--import', PROBE, SHIPPED_BIN, '--help'], { env: env() })
    expect(help.stdout).toContain('Usage: tkms')
    expect(loaded(help.stderr)).toEqual([])
    const list = await run(
      process.execPath,
      ['--import', PROBE, SHIPPED_BIN, '--region', 'nl-01', '--output', 'json', 'keys', 'list'],
      { env: env() }
    )
    expect(JSON.parse(list.stdout)).toEqual(expect.any(Array))
    expect(loaded(list.stderr)).toEqual(expect.arrayContaining(['NativeModule http']))
    // undici's index reads Node.js's fetch globals, which load Node.js's own undici: the client takes the agents alone.
    expect(loaded(list.stderr)).not.toContain('NativeModule internal/deps/undici/undici')
  })

  it('is ASCII, so the launcher may read it as Latin-1', async () => {
    const bundle = await readFile(BUNDLE)
    expect(bundle.length).toBeGreaterThan(100_000)
    expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1)
    // The negative: the licence notices it carries hold non-ASCII names, escaped by the build.
    expect(bundle.toString('latin1')).toMatch(/\\u00[c-f][0-9a-f]/)
  })

  it('ends as soon as keys list has printed its answer: nothing (sockets, timers, background compiles) holds it open', async () => {
    const list = await run(
      process.execPath,
      ['--import', EXIT_PROBE, SHIPPED_BIN, '--region', 'nl-01', 'keys', 'list'],
      { env: env() }
    )
    expect(list.stdout).toContain('nl-01')
    // A hang guard, not a speed check: a kept-alive socket or a forgotten timer holds the process for
    // its whole timeout (tens of seconds). V8's background compile of the HTTP parser is ruled out by
    // the launcher's flag, checked above.
    const after = Number(/AFTER (\d+)/.exec(list.stderr)?.[1])
    expect(after).toBeGreaterThanOrEqual(0)
    expect(after).toBeLessThan(10_000)
  })

  it('evaluates at start only what every command needs (no schemas); keys list adds the core and the agents of undici, not X.509, BYOK, YAML, the sandbox or the rest of undici', async () => {
    // The modules reachable by static imports are what a start evaluates; the rest waits for an
    // import() that only the commands needing it run.
    const { metafile } = await build({
      absWorkingDir: fileURLToPath(new URL('../../../..', import.meta.url)),
      entryPoints: ['src-main/cli/entry.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      outdir: join(dir, 'meta'),
      external: ['@napi-rs/keyring'],
      logLevel: 'silent'
    })
    const start = reach(metafile, ['src-main/cli/entry.ts'])
    // keys list: the context's core, wire log, platform and env profile, and the file pool it closes at the end.
    const keysList = reach(metafile, [
      ...start,
      'src-main/services/core.ts',
      'src-main/services/log/wire-log.ts',
      'src-main/services/platform.ts',
      'src-main/services/profiles/env-profile.ts',
      'src-main/services/files/index.ts'
    ])
    const heavy = [
      /^node_modules\/@peculiar\//,
      /^node_modules\/@noble\/curves\//,
      /^node_modules\/@noble\/ciphers\/aes/,
      /^node_modules\/yaml\//,
      /^src-main\/sandbox\//,
      /^src-main\/services\/certs\//
    ]
    const hits = (files: Set<string>, res: RegExp[]) => [...files].filter((f) => res.some((r) => r.test(f)))
    expect(hits(start, [...heavy, /^node_modules\/undici\//, /^src-main\/services\/core\.ts$/])).toEqual([])
    expect(hits(keysList, heavy)).toEqual([])
    // No command's zod schemas are built at start (--help): the contract's schema modules, the
    // activity log, the folder jobs' journal and the env profile come with the commands needing them.
    const schemas = [
      /^src-preload\/contract\/schemas\//,
      /^src-main\/services\/(audit|reencrypt-jobs)\//,
      /^src-main\/services\/profiles\/env-profile\.ts$/
    ]
    expect(hits(start, schemas)).toEqual([])
    expect(hits(keysList, schemas)).toEqual(
      expect.arrayContaining(['src-preload/contract/schemas/kms.ts', 'src-main/services/audit/activity-log.ts'])
    )
    expect(
      hits(keysList, [/^node_modules\/undici\/lib\/dispatcher\/agent\.js$/, /^src-main\/services\/core\.ts$/])
    ).toHaveLength(2)
    // undici's WebSocket, EventSource, cookies, caches and mocks stay out (its index would bring them).
    const undiciRest = /^node_modules\/undici\/(index\.js|lib\/(mock|cache|web\/(websocket|eventsource|cookies))\/)/
    expect(hits(keysList, [undiciRest])).toEqual([])
    // The negative: all of them are in the bundle, reached through the commands that need them.
    expect(hits(new Set(Object.keys(metafile.inputs)), heavy).length).toBeGreaterThan(50)
  })

  it('writes nothing beside itself when run', async () => {
    const before = await readdir(OUT)
    const cacheTime = (await stat(`${BUNDLE}.cache`)).mtimeMs
    await run(process.execPath, [SHIPPED_BIN, '--version'], { env: env() })
    expect(await readdir(OUT)).toEqual(before)
    expect((await stat(`${BUNDLE}.cache`)).mtimeMs).toBe(cacheTime)
  })

  it('still runs, with the same answers, when the cache is damaged or from another Node.js', async () => {
    const copy = join(dir, 'cli')
    await cp(OUT, copy, { recursive: true })
    await writeFile(join(copy, 'tkms-main.cjs.cache'), Buffer.from('not a V8 code cache'.repeat(100)))
    const args = ['--region', 'nl-01', '--output', 'json', 'keys', 'list']
    const damaged = await run(process.execPath, [join(copy, 'tkms.js'), ...args], { env: env() })
    const shipped = await run(process.execPath, [SHIPPED_BIN, ...args], { env: env() })
    expect(JSON.parse(damaged.stdout)).toEqual(JSON.parse(shipped.stdout))
    await rm(join(copy, 'tkms-main.cjs.cache'))
    const none = await run(process.execPath, [join(copy, 'tkms.js'), '--version'], { env: env() })
    expect(none.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})

/** Files reachable from `from` through static imports only (import() is left out: it runs on demand). */
function reach(meta: Metafile, from: Iterable<string>): Set<string> {
  const seen = new Set(from)
  const queue = [...seen]
  for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
    for (const i of meta.inputs[f]?.imports ?? []) {
      if ((i.kind === 'import-statement' || i.kind === 'require-call') && !i.external && !seen.has(i.path)) {
        seen.add(i.path)
        queue.push(i.path)
      }
    }
  }
  return seen
}
