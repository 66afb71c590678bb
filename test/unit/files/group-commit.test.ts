import { describe, expect, it } from 'vitest'
import { syncDirGrouped } from '../../../src-main/common/atomic-file'

/** A folder fsync that finishes only when the test says so, recording when each one started. */
function manualSync() {
  const started: string[] = []
  const finish: (() => void)[] = []
  const sync = (dir: string) => {
    started.push(dir)
    return new Promise<void>((resolve) => finish.push(resolve))
  }
  return { started, sync, finishNext: () => finish.shift()?.() }
}
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('group commit of folder fsyncs', () => {
  it('covers every caller with a sync that started after its request, sharing one sync among those that waited', async () => {
    const m = manualSync()
    const order: string[] = []
    const a = syncDirGrouped('/d', m.sync).then(() => order.push('a'))
    await tick()
    // b, c and d ask while a's sync runs: that sync may predate their renames, so they wait for the next one.
    const rest = ['b', 'c', 'd'].map((n) => syncDirGrouped('/d', m.sync).then(() => order.push(n)))
    await tick()
    expect(m.started).toEqual(['/d'])
    m.finishNext()
    await a
    await tick()
    expect(order).toEqual(['a'])
    expect(m.started).toEqual(['/d', '/d'])
    // e asks while the second sync runs: it is not covered by it.
    const e = syncDirGrouped('/d', m.sync).then(() => order.push('e'))
    m.finishNext()
    await Promise.all(rest)
    await tick()
    expect(order).toEqual(['a', 'b', 'c', 'd'])
    expect(m.started).toHaveLength(3)
    m.finishNext()
    await e
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(m.started).toHaveLength(3)
  })

  it('keeps folders apart, and a failed sync still lets the waiters have their own', async () => {
    const m = manualSync()
    let fail = true
    const flaky = (dir: string) => (fail ? ((fail = false), Promise.reject(new Error('EIO'))) : m.sync(dir))
    const first = syncDirGrouped('/x', flaky)
    const waiter = syncDirGrouped('/x', flaky)
    const other = syncDirGrouped('/y', m.sync)
    await expect(first).rejects.toThrow('EIO')
    await tick()
    expect(m.started).toEqual(['/y', '/x'])
    m.finishNext()
    m.finishNext()
    await expect(Promise.all([waiter, other])).resolves.toBeDefined()
  })
})
