import { describe, expect, it } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import { batchRate, batchStats, eta } from '../../../../../src-renderer/src/features/files/batch-stats'

const job = (state: JobView['state'], bytesDone: number, bytesTotal: number): JobView => ({
  jobId: `${Math.random()}`,
  operation: 'encrypt',
  input: '/x',
  name: 'x',
  state,
  bytesDone,
  bytesTotal
})

describe('batch progress figures', () => {
  it('sums done, failed, cancelled and remaining files and the bytes of a batch', () => {
    const s = batchStats([
      job('ok', 0, 100),
      job('error', 10, 100),
      job('cancelled', 0, 50),
      job('running', 30, 100),
      job('queued', 0, 100)
    ])
    expect(s).toEqual({
      total: 5,
      done: 1,
      failed: 1,
      cancelled: 1,
      running: 1,
      remaining: 2,
      bytesDone: 140,
      bytesTotal: 450
    })
  })

  it('rates by files and bytes; the ETA is the slower of the two; nothing before a file finished', () => {
    const s = batchStats([job('ok', 0, 1000), job('ok', 0, 1000), job('queued', 0, 1000), job('queued', 0, 1000)])
    expect(batchRate(s, 0, 0)).toEqual({})
    expect(batchRate(batchStats([job('running', 5, 10)]), 0, 1000)).toEqual({})
    const r = batchRate(s, 0, 2000)
    expect(r.filesPerSecond).toBe(1)
    expect(r.bytesPerSecond).toBe(1000)
    expect(r.etaSeconds).toBe(2)
    expect(eta(r.etaSeconds)).toBe('2 s')
    expect(eta(125)).toBe('2 min 5 s')
    expect(eta(undefined)).toBe('—')
  })
})
