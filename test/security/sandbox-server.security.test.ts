import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { connect } from 'node:net'
import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src-main/sandbox'
import { exposureWarning, hostAllowList, wellEncoded } from '../../src-main/sandbox/request-guard'
import { BIN } from '../unit/main/cli/helpers'
import { C, openSandbox, tempDir, type TestSandbox } from '../unit/main/sandbox/helpers'

let t: TestSandbox
beforeAll(async () => {
  t = await openSandbox()
})
afterAll(() => t.stop())

/** One request with full control over the target and the Host header. */
function raw(
  path: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: t.sb.port,
        path,
        method: 'GET',
        agent: false,
        headers: { authorization: `Token ${C.adminPat}`, 'x-organisation-identity': C.organisation, ...headers }
      },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

describe('the sandbox refuses malformed requests at the HTTP level', () => {
  it.each([
    '/v1/kms/nl-01/keys/%zz',
    '/v1/kms/nl-01/keys/%E0%A4%A',
    '/v1/kms/nl-01/keys/%C3%28',
    '/v1/kms/%FF/keys',
    '/v1/kms/nl-01/keys?name=%zz'
  ])('answers 400, not 500, to %s', async (path) => {
    const r = await raw(path)
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body)).toEqual({ message: expect.stringContaining('percent-encoding') })
  })

  it('knows well-formed escapes from broken ones', () => {
    expect(wellEncoded('/v1/kms/nl-01/keys/a%20b?name=x%2Fy&slug=a+b')).toBe(true)
    expect(wellEncoded('/v1/kms/nl-01/keys/a%2')).toBe(false)
  })

  it('closes the connection after a 413 instead of keeping it open', async () => {
    const size = 2 * 1024 * 1024
    const outcome = await new Promise<{ head: string; closed: boolean }>((resolve, reject) => {
      let head = ''
      const s = connect(t.sb.port, '127.0.0.1', () => {
        s.write(
          `POST /v1/kms/nl-01/keys HTTP/1.1\r\nhost: 127.0.0.1:${t.sb.port}\r\nauthorization: Token ${C.adminPat}\r\nx-organisation-identity: ${C.organisation}\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`
        )
        s.write(Buffer.alloc(1200 * 1024, 0x20))
      })
      s.on('data', (d: Buffer) => (head += d.toString()))
      s.on('error', () => undefined)
      s.on('close', () => resolve({ head, closed: true }))
      // Far below the 65 s keep-alive the connection used to stay open for.
      setTimeout(() => reject(new Error(`connection still open; got ${head.slice(0, 80)}`)), 10_000).unref()
    })
    expect(outcome.head).toMatch(/^HTTP\/1\.1 413/)
    expect(outcome.head.toLowerCase()).toContain('connection: close')
    expect(outcome.closed).toBe(true)
  })
})

describe('only its own host names reach the sandbox (DNS rebinding)', () => {
  it.each([`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`, `LOCALHOST:PORT`])('answers Host %s', async (host) => {
    expect((await raw('/v1/kms/summary', { host: host.replace('PORT', String(t.sb.port)) })).status).toBe(200)
  })

  it.each([
    'attacker.example:PORT',
    'attacker.example',
    '127.0.0.1',
    '127.0.0.1:1',
    'localhost.attacker.example:PORT',
    '192.168.1.10:PORT'
  ])('refuses Host %s with 421 and closes', async (host) => {
    const r = await raw('/v1/kms/summary', { host: host.replace('PORT', String(t.sb.port)) })
    expect(r.status).toBe(421)
    expect(r.headers['connection']).toBe('close')
    expect(JSON.parse(r.body)).toEqual({ message: expect.stringContaining('does not answer for host') })
  })

  it('a wildcard --host also accepts IP literals with its port, never a host name', () => {
    const ok = hostAllowList('0.0.0.0', 8787)
    expect(['127.0.0.1:8787', '192.168.1.10:8787', '[fe80::1]:8787', 'localhost:8787'].map(ok)).toEqual([
      true,
      true,
      true,
      true
    ])
    expect(['attacker.example:8787', '192.168.1.10:80', '192.168.1.10', undefined].map(ok)).toEqual([
      false,
      false,
      false,
      false
    ])
    const named = hostAllowList('kms-lab.internal', 8787)
    expect(['kms-lab.internal:8787', '192.168.1.10:8787'].map(named)).toEqual([true, false])
  })
})

describe('a non-loopback --host', () => {
  it('has a warning; loopback addresses do not', () => {
    expect(exposureWarning('0.0.0.0')).toMatch(/^WARNING: the sandbox will listen on every network interface/)
    expect(exposureWarning('192.0.2.7')).toContain('192.0.2.7')
    for (const h of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) expect(exposureWarning(h)).toBeUndefined()
  })

  // 192.0.2.0/24 is reserved for documentation: nothing here can bind it, so nothing gets exposed.
  it.each([
    [
      'npm run sandbox',
      ['--import', 'tsx', 'src-main/sandbox/main.ts', '--host', '192.0.2.7', '--port', '0', '--data-dir']
    ],
    ['tkms sandbox --quiet', [BIN, '--quiet', 'sandbox', '--host', '192.0.2.7', '--port', '0', '--state-dir']]
  ])('%s prints it loudly before trying to listen', async (_name, args) => {
    const dir = await tempDir()
    try {
      const child = spawn(process.execPath, [...args, join(dir, 'state')], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TKMS_DATA_DIR: join(dir, 'data') }
      })
      let err = ''
      child.stderr.on('data', (d: Buffer) => (err += d.toString()))
      const code = await new Promise<number | null>((r) => child.on('exit', r))
      expect(err).toContain('WARNING: the sandbox will listen on 192.0.2.7')
      expect(code).not.toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the sandbox data folder is private whatever the umask', () => {
  it('creates the folder 0700 and its files 0600 under umask 000, and tightens an existing loose folder', async () => {
    const dir = await tempDir()
    const old = process.umask(0)
    try {
      const fresh = join(dir, 'fresh', 'sandbox')
      const a = await startSandbox({ dataDir: fresh, port: 0, schedulerIntervalMs: 0 })
      await a.close()
      const loose = join(dir, 'loose')
      await mkdir(loose, { mode: 0o777 })
      await writeFile(join(loose, 'master.key'), Buffer.alloc(32, 1), { mode: 0o644 })
      await chmod(loose, 0o777)
      const b = await startSandbox({ dataDir: loose, port: 0, schedulerIntervalMs: 0 })
      await b.close()
      for (const d of [fresh, loose]) {
        expect((await stat(d)).mode & 0o777).toBe(0o700)
        expect((await stat(join(d, 'master.key'))).mode & 0o777).toBe(0o600)
        expect((await stat(join(d, 'state.json'))).mode & 0o777).toBe(0o600)
      }
    } finally {
      process.umask(old)
      await rm(dir, { recursive: true, force: true })
    }
  })
})
