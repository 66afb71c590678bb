import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearAfter, fresh, stamp } from '@lib/stale'

afterEach(() => void vi.useRealTimers())

describe('stale results', () => {
  it('shows a result only while its inputs are the ones it was made from', () => {
    const r = { value: 'sig', for: stamp('hello', 'utf8', 'key-1') }
    expect(fresh(r, stamp('hello', 'utf8', 'key-1'))).toBe(r)
    expect(fresh(r, stamp('hello!', 'utf8', 'key-1'))).toBeUndefined()
    expect(fresh(r, stamp('hello', 'base64', 'key-1'))).toBeUndefined()
    expect(fresh(r, stamp('hello', 'utf8', 'key-2'))).toBeUndefined()
    expect(fresh(undefined, stamp('hello'))).toBeUndefined()
  })

  it('clears after the delay, and never with a delay of 0', () => {
    vi.useFakeTimers()
    const clear = vi.fn()
    clearAfter(2, clear)
    vi.advanceTimersByTime(1999)
    expect(clear).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(clear).toHaveBeenCalledTimes(1)
    const never = vi.fn()
    clearAfter(0, never)
    vi.advanceTimersByTime(10_000_000)
    expect(never).not.toHaveBeenCalled()
    const cancelled = vi.fn()
    clearAfter(1, cancelled)()
    vi.advanceTimersByTime(5000)
    expect(cancelled).not.toHaveBeenCalled()
  })
})
