import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BulkTarget } from '@contract/schemas/bulk'
import { latestOf } from '../../../../../src-main/services/bulk/actions'
import { runBulk } from '../../../../../src-main/services/bulk/runner'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import { clientFor, openSandbox, type Sandbox } from '../sandbox-harness'
import { seeded } from '../../../../support/seeded'

/**
 * Bulk runs against the real sandbox injecting 503s, connection resets before handling, and resets
 * after handling (the action landed, the answer was lost), with a seeded dice so each run is the same.
 */
let t: Sandbox
let client: KmsClient
const targets: BulkTarget[] = []
const N = 40

beforeAll(async () => {
  t = await openSandbox({ random: seeded(16016) })
  client = clientFor(t.sb.url)
  for (let i = 0; i < N; i++) {
    const k = await client.createKey('nl-01', {
      name: `bulk-${i}`,
      keyType: 'aes256-gcm96',
      labels: { env: i % 2 ? 'prod' : 'dev' }
    })
    targets.push({ region: 'nl-01', identity: k.identity, name: k.name })
  }
})
afterAll(async () => {
  await client.close()
  await t.stop()
})

const faulty = () => t.sb.setFaults({ errorRate: 0.2, errorStatus: 503, resetRate: 0.1, resetAfterHandlingRate: 0.1 })
const healthy = () => t.sb.setFaults({ errorRate: 0, resetRate: 0, resetAfterHandlingRate: 0 })

describe('bulk operations with 20 % injected faults', () => {
  it('rotate: every key rotated exactly once or reported failed; never two rotations', async () => {
    const before = new Map((await client.listKeys('nl-01')).map((k) => [k.identity, latestOf(k)]))
    faulty()
    const results = await runBulk({
      client,
      action: { kind: 'rotate' },
      targets,
      retry: { sleep: async () => undefined }
    })
    healthy()
    const after = new Map((await client.listKeys('nl-01')).map((k) => [k.identity, k]))
    for (const r of results) {
      const k = after.get(r.identity)!
      const grew = latestOf(k) - before.get(r.identity)!
      expect(grew, `${r.name}: ${r.outcome} ${r.message ?? ''}`).toBeLessThanOrEqual(1)
      if (r.outcome === 'done') expect(grew).toBe(1)
      else expect(r.outcome).toBe('failed')
      expect(k.versions?.length).toBe(latestOf(k))
    }
    // The run really met lost answers and retried after re-reading.
    expect(results.some((r) => r.confirmedByReread)).toBe(true)
    expect(results.some((r) => r.attempts > 1)).toBe(true)
    expect(results.filter((r) => r.outcome === 'done').length).toBeGreaterThan(N * 0.8)
  })

  it('disable then enable: each key ends disabled (then active) or is reported failed', async () => {
    faulty()
    const off = await runBulk({ client, action: { kind: 'disable' }, targets, retry: { sleep: async () => undefined } })
    healthy()
    let now = new Map((await client.listKeys('nl-01')).map((k) => [k.identity, k.status]))
    for (const r of off) if (r.outcome === 'done') expect(now.get(r.identity)).toBe('disabled')
    expect(off.every((r) => r.outcome === 'done' || r.outcome === 'failed')).toBe(true)

    faulty()
    const on = await runBulk({ client, action: { kind: 'enable' }, targets, retry: { sleep: async () => undefined } })
    healthy()
    now = new Map((await client.listKeys('nl-01')).map((k) => [k.identity, k.status]))
    for (const r of on) {
      if (r.outcome === 'done' || r.outcome === 'unchanged') expect(now.get(r.identity)).toBe('active')
      else expect(r.outcome).toBe('failed')
    }
  })
})
