import { describe, expect, it } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import {
  coalescedJobEvents,
  JobUpdates,
  type JobUpdateBatch,
  type Scheduler
} from '../../../../../src-renderer/src/features/files/job-updates'

const view = (jobId: string, state: JobView['state'] = 'ok'): JobView => ({
  jobId,
  operation: 'encrypt',
  input: `/in/${jobId}`,
  name: jobId,
  state,
  bytesDone: 10,
  bytesTotal: 10
})
const progress = (jobId: string, bytesDone: number) => ({ jobId, bytesDone, bytesTotal: 10 })

/** A scheduler the test runs by hand: frames and timers wait until the test says so. */
function manual(): Scheduler & { frames: (() => void)[]; timers: (() => void)[] } {
  const frames: (() => void)[] = []
  const timers: (() => void)[] = []
  return { frames, timers, frame: (run) => void frames.push(run), timer: (run) => void timers.push(run) }
}

describe('job events coalesced per frame', () => {
  it('keeps only the latest progress of a job, and its final view supersedes its progress', () => {
    const u = new JobUpdates()
    u.progress(progress('a', 1))
    u.progress(progress('b', 1))
    u.progress(progress('a', 7))
    u.done(view('b'))
    u.progress(progress('b', 3)) // late progress of a finished job: ignored
    const b = u.take()
    expect(b.progress).toEqual([progress('a', 7)])
    expect(b.done).toEqual([view('b')])
    expect(u.pending).toBe(false)
    expect(u.take()).toEqual({ progress: [], done: [] })
  })

  it('10,000 files in a few frames: every final view arrives once, in order, and the counts are exact', () => {
    const s = manual()
    const applied: JobUpdateBatch[] = []
    const events = coalescedJobEvents((b) => applied.push(b), 100, s)
    const ids = Array.from({ length: 10_000 }, (_, i) => `j${i}`)
    ids.forEach((id, i) => {
      events.progress(progress(id, 0))
      events.progress(progress(id, 5))
      events.done(view(id, i % 1000 === 999 ? 'error' : 'ok'))
      if (i % 2500 === 2000) s.frames.shift()?.()
    })
    // The last events are pending until the next frame or the timer: none is lost at the end.
    expect(applied.flatMap((b) => b.done)).toHaveLength(9501)
    s.frames.shift()?.()
    s.timers.forEach((t) => t())
    const done = applied.flatMap((b) => b.done)
    expect(applied.length).toBeLessThanOrEqual(5)
    expect(done.map((v) => v.jobId)).toEqual(ids)
    expect(done.filter((v) => v.state === 'error')).toHaveLength(10)
    expect(applied.flatMap((b) => b.progress)).toHaveLength(0)
  })

  it('flushes the tail of a run without a frame (a hidden window), and applies nothing twice', () => {
    const s = manual()
    const applied: JobUpdateBatch[] = []
    const events = coalescedJobEvents((b) => applied.push(b), 100, s)
    events.progress(progress('a', 3))
    events.done(view('b'))
    expect(applied).toHaveLength(0)
    s.timers.shift()?.()
    expect(applied).toEqual([{ progress: [progress('a', 3)], done: [view('b')] }])
    s.frames.shift()?.()
    expect(applied).toHaveLength(1)
    // flush() applies at once what is pending (before a reply that must see every earlier event).
    events.done(view('a'))
    events.flush()
    expect(applied[1]).toEqual({ progress: [], done: [view('a')] })
  })

  it('takes main’s coalesced messages: progress then final views, applied once per frame', () => {
    const s = manual()
    const applied: JobUpdateBatch[] = []
    const events = coalescedJobEvents((b) => applied.push(b), 100, s)
    const totals = { files: 3, ok: 1, failed: 0, cancelled: 0, bytesDone: 10, bytesTotal: 30 }
    events.message({ batchId: 'b1', progress: [progress('a', 2), progress('c', 1)], done: [view('x')], totals })
    // A later message finishes a job whose progress is still pending: its final view wins.
    events.message({ batchId: 'b1', progress: [progress('c', 4)], done: [view('a', 'error')], totals })
    expect(applied).toHaveLength(0)
    s.frames.shift()?.()
    expect(applied).toEqual([{ progress: [progress('c', 4)], done: [view('x'), view('a', 'error')] }])
  })
})
