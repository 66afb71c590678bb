/**
 * KMS client overhead: `KmsClient.encrypt` (auth header, zod parse of the response, retry wrapper,
 * error mapping) against a raw undici request loop doing the same HTTP call with a dispatcher built
 * with the same settings, both on loopback against the real sandbox, interleaved call by call so machine
 * noise hits both alike.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../../src-main/sandbox/index'
import { DEFAULT_USER_AGENT, KmsClient } from '../../src-main/services/kms/client'
import { DEFAULT_TIMEOUTS, createDispatcher } from '../../src-main/services/kms/transport'

const WARMUP = 500
const CALLS = 3000

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

export default async function bench(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-client-'))
  const sandbox = await startSandbox({ dataDir: dir, schedulerIntervalMs: 0 })
  const client = new KmsClient({
    endpoint: sandbox.url,
    organisation: 'sandbox',
    auth: { authorization: async () => 'Token tc_pat_sandbox_admin' }
  })
  const url = new URL(sandbox.url)
  const agent = createDispatcher({ endpoint: url, timeouts: DEFAULT_TIMEOUTS })
  const plaintext = Buffer.alloc(32, 7).toString('base64')
  await client.createKey('nl-01', { name: 'bench', keyType: 'aes256-gcm96' })
  const origin = url.origin
  const headers = {
    accept: 'application/json',
    'content-type': 'application/json',
    authorization: 'Token tc_pat_sandbox_admin',
    'x-organisation-identity': 'sandbox',
    'user-agent': DEFAULT_USER_AGENT
  }

  const raw = async (): Promise<void> => {
    const res = await agent.request({
      origin,
      path: '/v1/kms/nl-01/keys/bench/encrypt',
      method: 'POST',
      headers,
      body: JSON.stringify({ plaintext })
    })
    const j = JSON.parse(await res.body.text()) as { ciphertext?: string }
    if (res.statusCode !== 200 || !j.ciphertext) throw new Error('raw request failed')
  }
  const viaClient = async (): Promise<void> => {
    await client.encrypt('nl-01', 'bench', { plaintext })
  }
  const times: Record<'raw' | 'client', number[]> = { raw: [], client: [] }
  const timed = async (name: 'raw' | 'client', fn: () => Promise<void>, record: boolean): Promise<void> => {
    const t = performance.now()
    await fn()
    if (record) times[name].push(performance.now() - t)
  }
  // Calls alternate one by one (raw/client, then client/raw), so load from other processes on a
  // shared machine falls on both sides alike instead of on whichever block it happened to hit.
  const run = async (calls: number, record: boolean): Promise<void> => {
    for (let i = 0; i < calls; i++) {
      if (i % 2) {
        await timed('client', viaClient, record)
        await timed('raw', raw, record)
      } else {
        await timed('raw', raw, record)
        await timed('client', viaClient, record)
      }
    }
  }
  try {
    await run(WARMUP, false)
    await run(CALLS, true)
  } finally {
    await client.close()
    await agent.close()
    await sandbox.close()
    await rm(dir, { recursive: true, force: true })
  }
  const stat = (xs: number[]): { p50: number; p95: number } => {
    const s = [...xs].sort((a, b) => a - b)
    return { p50: pct(s, 50), p95: pct(s, 95) }
  }
  const c = stat(times.client)
  const w = stat(times.raw)
  const f = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`
  return [
    `client overhead (encrypt, loopback sandbox, ${CALLS} calls each, interleaved)`,
    `  raw undici request: p50 ${f(w.p50)}  p95 ${f(w.p95)}`,
    `  KmsClient.encrypt : p50 ${f(c.p50)}  p95 ${f(c.p95)}`,
    `  overhead: p50 ${((c.p50 / w.p50 - 1) * 100).toFixed(1)}%  p95 ${((c.p95 / w.p95 - 1) * 100).toFixed(1)}%  (ratio p50 ${(c.p50 / w.p50).toFixed(3)}; target < 10% at p50)`
  ]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log((await bench()).join('\n'))
}
