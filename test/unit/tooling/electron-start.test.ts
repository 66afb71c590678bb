import { spawn } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve('.')
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, reject) => {
    const child = spawn(NPM, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

/** The environment of a user's shell: no CI skip flag, no override, nothing of ours. */
function userEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] }
  return { ...env, ...extra }
}

let dir: string
let mirror: Server
const requests: string[] = []
let mirrorUrl: string

/**
 * A copy of the project's launch step beside an electron package without its binary (its real
 * installer and checksums), so the installer runs for real, whatever is installed in node_modules.
 */
async function projectWithoutElectron(name: string): Promise<string> {
  const proj = join(dir, name)
  const electron = join(proj, 'node_modules', 'electron')
  await mkdir(join(proj, 'bin'), { recursive: true })
  await mkdir(electron, { recursive: true })
  await copyFile(join(ROOT, 'package.json'), join(proj, 'package.json'))
  await copyFile(join(ROOT, 'bin', 'electron.mjs'), join(proj, 'bin', 'electron.mjs'))
  for (const f of ['package.json', 'install.js', 'checksums.json'])
    await copyFile(join(ROOT, 'node_modules', 'electron', f), join(electron, f))
  // The installer's own dependencies (@electron/get and what it needs) come from the real tree.
  await symlink(join(ROOT, 'node_modules', '@electron'), join(proj, 'node_modules', '@electron'))
  return proj
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-start-'))
  // A download mirror on loopback that has nothing: the installer's request is answered with 404.
  mirror = createServer((req, res) => {
    requests.push(req.url ?? '')
    res.statusCode = 404
    res.end('not here')
  })
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r))
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`
})
afterAll(async () => {
  await new Promise((r) => mirror?.close(r))
  await rm(dir, { recursive: true, force: true })
})

const noStack = (text: string) => expect(text).not.toMatch(/^\s+at\s/m)

describe('npm start gets Electron first', { timeout: 180_000 }, () => {
  it('a failing installer: one paragraph with its own reason and the fixes, exit 1, no stack trace', async () => {
    const proj = await projectWithoutElectron('installer-fails')
    const cache = await mkdtemp(join(dir, 'cache-'))
    const r = await npm(['start'], proj, userEnv({ ELECTRON_MIRROR: mirrorUrl, electron_config_cache: cache }))
    expect(r.code).toBe(1)
    // ELECTRON_MIRROR is honoured: the installer asked our mirror for this version's zip.
    expect(requests).toContain(`/v45.5.0/electron-v45.5.0-${process.platform}-${process.arch}.zip`)
    const paragraph = r.stderr.trim().split('\n').at(-1) ?? ''
    expect(paragraph).toMatch(/^Electron 45\.5\.0 cannot start: its installer failed: HTTPError: Response code 404/)
    expect(paragraph).toContain(mirrorUrl)
    for (const fix of [
      'github.com',
      'ELECTRON_MIRROR',
      'electron_config_cache',
      'ELECTRON_OVERRIDE_DIST_PATH',
      'npx tkms --help'
    ])
      expect(paragraph).toContain(fix)
    noStack(r.stdout + r.stderr)
    await expect(stat(join(proj, 'node_modules', 'electron', 'path.txt'))).rejects.toThrow()
  })

  it('ELECTRON_SKIP_BINARY_DOWNLOAD: no download is tried, and the paragraph says so', async () => {
    const proj = await projectWithoutElectron('skip-download')
    const before = requests.length
    const r = await npm(
      ['run', 'dev'],
      proj,
      userEnv({ ELECTRON_MIRROR: mirrorUrl, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    )
    expect(r.code).toBe(1)
    expect(requests.length).toBe(before)
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(
      /^Electron 45\.5\.0 cannot start: its binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded\. To fix it, unset ELECTRON_SKIP_BINARY_DOWNLOAD .* npx tkms --help\.$/
    )
    noStack(r.stdout + r.stderr)
  })

  it('an ELECTRON_OVERRIDE_DIST_PATH without Electron in it is refused with the same kind of paragraph', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'))
    const r = await npm(
      ['start'],
      ROOT,
      userEnv({ ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(
      `ELECTRON_OVERRIDE_DIST_PATH is set to ${empty}, but there is no Electron executable at ${join(empty, 'electron')}`
    )
    noStack(r.stdout + r.stderr)
  })

  it('with ELECTRON_OVERRIDE_DIST_PATH at a stand-in executable, npm start builds and launches it with the main entry', async () => {
    const dist = await mkdtemp(join(dir, 'dist-'))
    const log = join(dir, 'launched.json')
    // The stand-in records how it was started, then checks the entry it was given like Electron would.
    await writeFile(
      join(dist, 'electron'),
      `#!${process.execPath}
const fs = require('fs'), path = require('path')
const app = path.resolve(process.argv[2])
const main = path.join(app, JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8')).main)
fs.writeFileSync(${JSON.stringify(log)}, JSON.stringify({ args: process.argv.slice(2), app, main, mainExists: fs.existsSync(main) }))
`,
      { mode: 0o755 }
    )
    const started = Date.now()
    const r = await npm(
      ['start'],
      ROOT,
      userEnv({ ELECTRON_OVERRIDE_DIST_PATH: dist, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })
    )
    expect(r.code, r.stderr).toBe(0)
    const launched = JSON.parse(await readFile(log, 'utf8')) as {
      args: string[]
      app: string
      main: string
      mainExists: boolean
    }
    expect(launched).toEqual({ args: ['.'], app: ROOT, main: join(ROOT, 'out', 'main', 'index.js'), mainExists: true })
    // The entry it got is the one this start just built, with the app's window code in it.
    expect((await stat(launched.main)).mtimeMs).toBeGreaterThanOrEqual(started - 2000)
    expect(await readFile(launched.main, 'utf8')).toContain('BrowserWindow')
  })
})
