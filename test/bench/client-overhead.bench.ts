/**
 * KMS client overhead: `KmsClient.encrypt` (auth header, zod parse of the response, retry wrapper,
 * error mapping) against a raw undici request loop doing the same HTTP call, both on loopback
 * against the fake KMS, alternated in rounds so machine noise hits both alike.
 */
import { fileURLToPath } from 'node:url'
import { Agent } from 'undici'
import { KmsClient } from '../../src-main/services/kms/client'
import { FakeKms } from '../unit/services/fake-kms'

const ROUNDS = 6
const CALLS = 250

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

export default async function bench(): Promise<string[]> {
  const fake = await new FakeKms().start()
  const client = new KmsClient({ endpoint: fake.url, organisation: 'sandbox', auth: { authorization: async () => 'Token tc_pat_sandbox_admin' } })
  const agent = new Agent({ keepAliveTimeout: 30_000 })
  const plaintext = Buffer.alloc(32, 7).toString('base64')
  await client.createKey('nl-01', { name: 'bench', keyType: 'aes256-gcm96' })
  const origin = new URL(fake.url).origin
  const headers = { accept: 'application/json', 'content-type': 'application/json', authorization: 'Token tc_pat_sandbox_admin', 'x-organisation-identity': 'sandbox', 'user-agent': 'bench' }

  const raw = async (): Promise<void> => {
    const res = await agent.request({ origin, path: '/v1/kms/nl-01/keys/bench/encrypt', method: 'POST', headers, body: JSON.stringify({ plaintext }) })
    const j = JSON.parse(await res.body.text()) as { ciphertext?: string }
    if (res.statusCode !== 200 || !j.ciphertext) throw new Error('raw request failed')
  }
  const viaClient = async (): Promise<void> => {
    await client.encrypt('nl-01', 'bench', { plaintext })
  }
  const times: Record<'raw' | 'client', number[]> = { raw: [], client: [] }
  const run = async (name: 'raw' | 'client', fn: () => Promise<void>, record: boolean): Promise<void> => {
    for (let i = 0; i < CALLS; i++) {
      const t = performance.now()
      await fn()
      if (record) times[name].push(performance.now() - t)
    }
    fake.requests.length = 0 // keep the fake's request log from growing across rounds
  }
  try {
    await run('raw', raw, false)
    await run('client', viaClient, false)
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2) {
        await run('client', viaClient, true)
        await run('raw', raw, true)
      } else {
        await run('raw', raw, true)
        await run('client', viaClient, true)
      }
    }
  } finally {
    await client.close()
    await agent.close()
    await fake.stop()
  }
  const stat = (xs: number[]): { p50: number; p95: number } => {
    const s = [...xs].sort((a, b) => a - b)
    return { p50: pct(s, 50), p95: pct(s, 95) }
  }
  const c = stat(times.client)
  const w = stat(times.raw)
  const f = (ms: number): string => `${(ms * 1000).toFixed(0)} µs`
  return [
    `client overhead (encrypt, loopback fake KMS, ${ROUNDS * CALLS} calls each, alternating rounds)`,
    `  raw undici request: p50 ${f(w.p50)}  p95 ${f(w.p95)}`,
    `  KmsClient.encrypt : p50 ${f(c.p50)}  p95 ${f(c.p95)}`,
    `  overhead: p50 ${((c.p50 / w.p50 - 1) * 100).toFixed(1)}%  p95 ${((c.p95 / w.p95 - 1) * 100).toFixed(1)}%  (ratio p50 ${(c.p50 / w.p50).toFixed(3)}; target < 10% at p50)`
  ]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log((await bench()).join('\n'))
}
