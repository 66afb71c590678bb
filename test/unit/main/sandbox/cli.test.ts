import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { C, tempDir } from './helpers'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

function launch(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/sandbox/main.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, out: () => out, err: () => err }
}

/** The sandbox has printed its banner (tsx starting it takes a while on a busy machine). */
const ready = (p: { out: () => string }) =>
  vi.waitFor(() => expect(p.out()).toMatch(/Press Ctrl-C/), { timeout: 50_000, interval: 20 })

describe('npm run sandbox (src-main/sandbox/main.ts)', { timeout: 60_000 }, () => {
  it('prints the URL and credential names, serves requests, and stops cleanly on SIGTERM', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const p = launch(['--port', '0', '--data-dir', join(dir, 'data')])
    await ready(p)
    const url = /listening on (http:\/\/\S+)/.exec(p.out())?.[1]
    expect(url).toBeDefined()
    expect(p.out()).toContain(C.adminPat)
    expect(p.out()).toContain(C.readerPat)
    expect(p.out()).toContain(C.clientId)
    expect(p.out()).not.toContain(C.clientSecret)
    expect(p.out()).toContain('strict mode: accepts exactly what the Thalassa SDK sends')
    const res = await fetch(`${url}/v1/kms/summary`, {
      headers: { authorization: `Token ${C.adminPat}`, 'x-organisation-identity': C.organisation }
    })
    expect(res.status).toBe(200)
    // Strict: a PAT as Bearer is refused.
    expect(
      (
        await fetch(`${url}/v1/kms/summary`, {
          headers: { authorization: `Bearer ${C.adminPat}`, 'x-organisation-identity': C.organisation }
        })
      ).status
    ).toBe(401)
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
    expect(p.out()).toMatch(/SIGTERM: stopping/)
  })

  it('--lenient accepts what strict mode refuses, and says so', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const p = launch(['--port', '0', '--data-dir', join(dir, 'data'), '--lenient'])
    await ready(p)
    const url = /listening on (http:\/\/\S+)/.exec(p.out())?.[1]
    expect(p.out()).toContain('LENIENT mode')
    expect(
      (
        await fetch(`${url}/v1/kms/summary`, {
          headers: { authorization: `Bearer ${C.adminPat}`, 'x-organisation-identity': C.organisation }
        })
      ).status
    ).toBe(200)
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
  })

  it('exits 1 with a clear message for a bad --port', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const p = launch(['--port', 'eighty', '--data-dir', join(dir, 'x')])
    expect(await p.exited).toBe(1)
    expect(p.err()).toMatch(/--port must be a number/)
  })
})
