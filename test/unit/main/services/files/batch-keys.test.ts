import { setImmediate } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { assertLimits, BatchDataKeys } from '../../../../../src-main/services/files/batch-keys'
import { Lane, laneWrapper } from '../../../../../src-main/services/file-jobs/kms-lane'
import { UnwrapCache } from '../../../../../src-main/services/files/unwrap-cache'
import type { DataKeyWrapper, RecipientRef } from '../../../../../src-main/services/files'
import { FakeKmsError } from '../fake-file-kms'
import { KEY_A, KEY_B, kmsWith } from '../file-helpers'

describe('batch data keys', () => {
  it('serves N files per key, rotates after T minutes, and gives each caller its own copy', async () => {
    const kms = kmsWith(KEY_A, KEY_B)
    let now = 0
    const keys = new BatchDataKeys([KEY_A, KEY_B], kms, { files: 2, minutes: 5 }, () => now)
    const a = await keys.acquire()
    const b = await keys.acquire()
    expect(Buffer.from(a.dataKey).equals(Buffer.from(b.dataKey))).toBe(true)
    expect(a.recipients).toEqual(b.recipients)
    expect(kms.wraps).toBe(2)
    a.dataKey.fill(0)
    expect(b.dataKey.some((x) => x !== 0)).toBe(true)
    const c = await keys.acquire()
    expect(Buffer.from(c.dataKey).equals(Buffer.from(b.dataKey))).toBe(false)
    expect(kms.wraps).toBe(4)
    now += 5 * 60_000
    const d = await keys.acquire()
    expect(Buffer.from(d.dataKey).equals(Buffer.from(c.dataKey))).toBe(false)
    expect(kms.wraps).toBe(6)
    keys.close()
    await expect(keys.acquire()).rejects.toMatchObject({ code: 'cancelled' })
  })

  it('files that start together share one wrapping; a failed wrapping is dropped and the next file tries a new key', async () => {
    const kms = kmsWith(KEY_A)
    const keys = new BatchDataKeys([KEY_A], kms, { files: 100, minutes: 60 })
    const all = await Promise.all([1, 2, 3, 4].map(() => keys.acquire()))
    expect(kms.wraps).toBe(1)
    expect(new Set(all.map((k) => k.recipients[0]?.ciphertext)).size).toBe(1)

    const failing = kmsWith(KEY_A)
    failing.refuse(KEY_A, 'key_not_usable')
    const broken = new BatchDataKeys([KEY_A], failing, { files: 100, minutes: 60 })
    await expect(broken.acquire()).rejects.toMatchObject({ code: 'key_not_usable' })
    failing.refuse(KEY_A, undefined)
    await expect(broken.acquire()).resolves.toMatchObject({ recipients: [{ identity: KEY_A.identity }] })
    expect(failing.wraps).toBe(2)
  })

  it('one file cancelling does not cancel the shared wrapping for the others', async () => {
    const kms = kmsWith(KEY_A)
    const keys = new BatchDataKeys([KEY_A], kms, { files: 10, minutes: 60 })
    const ac = new AbortController()
    const first = keys.acquire(ac.signal)
    const second = keys.acquire()
    ac.abort()
    await expect(first).rejects.toMatchObject({ code: 'cancelled' })
    await expect(second).resolves.toMatchObject({ recipients: [{ identity: KEY_A.identity }] })
  })

  it('refuses limits that are not whole numbers in range', () => {
    expect(() => assertLimits({ files: 0, minutes: 60 })).toThrow(/Files per data key must be a whole number from 1/)
    expect(() => assertLimits({ files: 2.5, minutes: 60 })).toThrow(/whole number/)
    expect(() => assertLimits({ files: 10, minutes: 0 })).toThrow(/Minutes per data key/)
    expect(() => new BatchDataKeys([KEY_A], kmsWith(KEY_A), { files: 10, minutes: 100_000 })).toThrow(/from 1 to 1440/)
    expect(() => assertLimits({ files: 1, minutes: 1 })).not.toThrow()
  })
})

describe('unwrap cache', () => {
  it('asks the KMS once per (region, key, ciphertext), hands out copies, and zeroes every key on clear', async () => {
    const returned: Uint8Array[] = []
    let calls = 0
    const inner: DataKeyWrapper = {
      wrap: async () => 'unused',
      unwrap: async (r: RecipientRef, c: string) => {
        calls++
        const k = new Uint8Array(32).fill(c.length + r.region.length)
        returned.push(k)
        return k
      }
    }
    const cache = new UnwrapCache(inner)
    const w = cache.wrapper
    const [x, y] = await Promise.all([w.unwrap(KEY_A, 'thalassa:v1:AAAA'), w.unwrap(KEY_A, 'thalassa:v1:AAAA')])
    expect(calls).toBe(1)
    x.fill(0)
    expect(y.every((b) => b !== 0)).toBe(true)
    await w.unwrap(KEY_B, 'thalassa:v1:AAAA')
    await w.unwrap(KEY_A, 'thalassa:v1:BBBBBB')
    await w.unwrap(KEY_A, 'thalassa:v1:AAAA')
    expect(calls).toBe(3)
    expect(cache.size).toBe(3)
    cache.clear()
    expect(cache.size).toBe(0)
    for (const k of returned) expect(k.every((b) => b === 0)).toBe(true)
    await w.unwrap(KEY_A, 'thalassa:v1:AAAA')
    expect(calls).toBe(4)
  })

  it('does not remember a failure: the next file asks the KMS again', async () => {
    let fail = true
    const inner: DataKeyWrapper = {
      wrap: async () => 'unused',
      unwrap: async () => {
        if (fail) throw new FakeKmsError('rate_limited', 'too many requests')
        return new Uint8Array(32).fill(7)
      }
    }
    const cache = new UnwrapCache(inner)
    await expect(cache.wrapper.unwrap(KEY_A, 'c')).rejects.toMatchObject({ code: 'rate_limited' })
    fail = false
    await expect(cache.wrapper.unwrap(KEY_A, 'c')).resolves.toHaveLength(32)
  })
})

describe('KMS lane', () => {
  it('never runs more than its limit at once; waiters start in order; a cancelled waiter leaves the queue', async () => {
    const lane = new Lane(3)
    let active = 0
    let peak = 0
    const order: number[] = []
    const task = (i: number) => async () => {
      active++
      peak = Math.max(peak, active)
      await setImmediate()
      order.push(i)
      active--
      return i
    }
    const ac = new AbortController()
    const runs = Array.from({ length: 12 }, (_, i) => lane.run(task(i), i === 7 ? ac.signal : undefined))
    ac.abort()
    const settled = await Promise.allSettled(runs)
    expect(peak).toBe(3)
    expect(settled[7]?.status).toBe('rejected')
    expect(order).not.toContain(7)
    expect(order).toHaveLength(11)
    expect(lane.active).toBe(0)
  })

  it("puts a wrapper's KMS calls through the lane", async () => {
    let active = 0
    let peak = 0
    const slow: DataKeyWrapper = {
      wrap: async () => {
        peak = Math.max(peak, ++active)
        await setImmediate()
        active--
        return 'c'
      },
      unwrap: async () => new Uint8Array(32)
    }
    const w = laneWrapper(slow, new Lane(2))
    await Promise.all([1, 2, 3, 4, 5].map(() => w.wrap(KEY_A, new Uint8Array(32))))
    expect(peak).toBe(2)
  })
})
