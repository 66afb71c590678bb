import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import Module from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Script } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_CREDENTIALS as C, startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { SHIPPED_BIN } from './helpers'

const run = promisify(execFile)
const OUT = join(SHIPPED_BIN, '..')
const BUNDLE = join(OUT, 'tkms-main.cjs')
// Prints, at exit, which of Node's network modules the process loaded.
const PROBE = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (http|https|tls|zlib)$/.test(m))) + '\\n'))")}`

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
  PATH: process.env['PATH'], HOME: dir, TKMS_DATA_DIR: join(dir, 'data'), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-bus',
  THALASSA_API_ENDPOINT: sandbox.url, THALASSA_ORGANISATION: C.organisation, THALASSA_API_TOKEN: C.adminPat
})
const loaded = (stderr: string): string[] => JSON.parse(/LOADED (.*)/.exec(stderr)?.[1] ?? 'null') as string[]

describe('the CLI start path', { timeout: 120_000 }, () => {
  it('ships a V8 code cache that this Node.js accepts for the bundle', async () => {
    const script = new Script(Module.wrap(await readFile(BUNDLE, 'utf8')), { filename: BUNDLE, cachedData: await readFile(`${BUNDLE}.cache`) })
    expect(script.cachedDataRejected).toBe(false)
  })

  it('--help loads no HTTP stack; keys list does', async () => {
    const help = await run(process.execPath, ['--import', PROBE, SHIPPED_BIN, '--help'], { env: env() })
    expect(help.stdout).toContain('Usage: tkms')
    expect(loaded(help.stderr)).toEqual([])
    const list = await run(process.execPath, ['--import', PROBE, SHIPPED_BIN, '--region', 'nl-01', '--output', 'json', 'keys', 'list'], { env: env() })
    expect(JSON.parse(list.stdout)).toEqual(expect.any(Array))
    expect(loaded(list.stderr)).toEqual(expect.arrayContaining(['NativeModule http']))
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
