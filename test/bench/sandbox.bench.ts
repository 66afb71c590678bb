import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Pool } from 'undici'
import { SANDBOX_CREDENTIALS as C, startSandbox } from '../../src-main/sandbox/index'

/**
 * Sandbox encrypt requests/s on loopback (1 KiB plaintext, 16 concurrent requests), next to the
 * same loop against a trivial node:http JSON echo server: the ratio is the sandbox's own cost
 * (auth, routing, zod, AES-GCM, JSON) over bare HTTP on this machine.
 */
const CONCURRENCY = 16
const ROUND_MS = 1500
const ROUNDS = 3

async function loop(origin: string, path: string, headers: Record<string, string>, body: string): Promise<number> {
  const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 })
  let done = 0
  const end = performance.now() + ROUND_MS
  const start = performance.now()
  const worker = async () => {
    while (performance.now() < end) {
      const r = await pool.request({ method: 'POST', path, headers, body })
      await r.body.text()
      if (r.statusCode !== 200) throw new Error(`bench request failed with ${r.statusCode}`)
      done++
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  const rate = done / ((performance.now() - start) / 1000)
  await pool.close()
  return rate
}

function echoServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length })
      res.end(body)
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export default async function bench(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'kms-sandbox-bench-'))
  const sandbox = await startSandbox({ dataDir: dir, schedulerIntervalMs: 0 })
  const echo = await echoServer()
  try {
    const headers = {
      authorization: `Token ${C.adminPat}`,
      'x-organisation-identity': C.organisation,
      'content-type': 'application/json'
    }
    const created = await fetch(`${sandbox.url}/v1/kms/nl-01/keys`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'bench', keyType: 'aes256-gcm96' })
    })
    const key = (await created.json()) as { identity: string }
    const body = JSON.stringify({ plaintext: Buffer.alloc(1024, 7).toString('base64') })
    const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`
    const sb: number[] = []
    const peer: number[] = []
    // Alternate the two so noise on a shared machine hits both alike.
    for (let i = 0; i < ROUNDS; i++) {
      sb.push(await loop(sandbox.url, `/v1/kms/nl-01/keys/${key.identity}/encrypt`, headers, body))
      peer.push(await loop(echoUrl, '/echo', headers, body))
    }
    const [s, p] = [median(sb), median(peer)]
    return [
      `sandbox encrypt, 1 KiB, concurrency ${CONCURRENCY}: ${s.toFixed(0)} req/s (median of ${ROUNDS} × ${ROUND_MS} ms)`,
      `peer: node:http JSON echo, same loop:        ${p.toFixed(0)} req/s`,
      `ratio sandbox/echo: ${(s / p).toFixed(2)}`
    ]
  } finally {
    await sandbox.close()
    await new Promise<void>((r) => echo.close(() => r()))
    await rm(dir, { recursive: true, force: true })
  }
}
