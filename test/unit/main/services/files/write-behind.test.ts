import { setImmediate } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { writeBehind, type SyncFn } from '../../../../../src-main/services/files/write-behind'

type Done = (err: NodeJS.ErrnoException | null) => void

/** A flush that only finishes when the test says so, recording each call. */
function manualSync(): { sync: SyncFn; calls: number[]; finish: (err?: NodeJS.ErrnoException) => void } {
  const calls: number[] = []
  const waiting: Done[] = []
  return {
    calls,
    sync: (fd, done) => {
      calls.push(fd)
      waiting.push(done)
    },
    finish: (err) => waiting.shift()?.(err ?? null)
  }
}

const MiB = 1 << 20

describe('writeBehind', () => {
  it('starts a flush once enough output is pending, one at a time', async () => {
    const m = manualSync()
    const wb = writeBehind(7, 8 * MiB, m.sync)
    wb.wrote(4 * MiB)
    expect(m.calls).toEqual([])
    wb.wrote(4 * MiB)
    expect(m.calls).toEqual([7])
    wb.wrote(20 * MiB) // a flush is running: no second one
    expect(m.calls).toEqual([7])
    m.finish()
    expect(await wb.idle()).toBeUndefined()
    wb.wrote(8 * MiB)
    expect(m.calls).toEqual([7, 7])
  })

  it('idle() waits for the running flush', async () => {
    const m = manualSync()
    const wb = writeBehind(3, MiB, m.sync)
    wb.wrote(MiB)
    let settled = false
    const idle = wb.idle().then(() => (settled = true))
    // A turn of the event loop: every promise that could settle without the flush has settled.
    await setImmediate()
    expect(settled).toBe(false)
    m.finish()
    await idle
    expect(settled).toBe(true)
  })

  it('keeps the first flush error and starts no more flushes after it', async () => {
    const m = manualSync()
    const wb = writeBehind(3, MiB, m.sync)
    wb.wrote(MiB)
    m.finish(Object.assign(new Error('i/o error'), { code: 'EIO' }))
    expect((await wb.idle())?.code).toBe('EIO')
    expect(wb.error?.code).toBe('EIO')
    wb.wrote(10 * MiB)
    expect(m.calls).toHaveLength(1)
  })
})
