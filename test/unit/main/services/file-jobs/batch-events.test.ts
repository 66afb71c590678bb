import { describe, expect, it } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import type { JobUpdates } from '@contract/schemas/job-updates'
import { BatchEvents, type Timers } from '../../../../../src-main/services/file-jobs/batch-events'

/** A hand-driven clock: timers run only when the test advances time past them. */
function clock() {
  let now = 0
  const due = new Map<number, { at: number; run: () => void }>()
  let next = 1
  const timers: Timers = {
    set: (run, ms) => {
      due.set(next, { at: now + ms, run })
      return next++
    },
    clear: (h) => void due.delete(h as number)
  }
  const advance = (ms: number) => {
    now += ms
    for (const [h, t] of [...due].sort((a, b) => a[1].at - b[1].at))
      if (t.at <= now) {
        due.delete(h)
        t.run()
      }
  }
  return { now: () => now, timers, advance, pending: () => due.size }
}

const view = (jobId: string, state: JobView['state'], bytes = 10): JobView => ({
  jobId,
  operation: 'encrypt',
  input: `/in/${jobId}`,
  name: jobId,
  state,
  bytesDone: state === 'ok' ? bytes : 0,
  bytesTotal: bytes
})

function batch(files: number) {
  const c = clock()
  const sent: JobUpdates[] = []
  const events = new BatchEvents({
    files: Array.from({ length: files }, () => ({ size: 10 })),
    send: (u) => void sent.push(structuredClone(u)),
    now: c.now,
    timers: c.timers
  })
  return { c, sent, events }
}

describe('a batch’s job events, coalesced in main', () => {
  it('sends the first update at once, then at most one message per 100 ms with the latest of each job', () => {
    const { c, sent, events } = batch(20)
    events.progress({ jobId: 'a', bytesDone: 0, bytesTotal: 10 })
    expect(sent).toHaveLength(1)
    for (let i = 1; i <= 9; i++) {
      c.advance(10)
      events.progress({ jobId: 'a', bytesDone: i, bytesTotal: 10 })
      events.progress({ jobId: 'b', bytesDone: i, bytesTotal: 10 })
      events.done(view(`x${i}`, 'ok'))
    }
    expect(sent).toHaveLength(1)
    c.advance(10)
    expect(sent).toHaveLength(2)
    expect(sent[1]?.progress).toEqual([
      { jobId: 'a', bytesDone: 9, bytesTotal: 10 },
      { jobId: 'b', bytesDone: 9, bytesTotal: 10 }
    ])
    expect(sent[1]?.done.map((v) => v.jobId)).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9'])
  })

  it('sends a failure without waiting out the interval', () => {
    const { c, sent, events } = batch(3)
    events.progress({ jobId: 'a', bytesDone: 0, bytesTotal: 10 })
    c.advance(5)
    events.done(view('a', 'error'))
    c.advance(5)
    expect(sent).toHaveLength(2)
    expect(sent[1]?.done[0]?.state).toBe('error')
    expect(sent[1]?.totals).toMatchObject({ failed: 1, ok: 0 })
  })

  it('sends the last file at once, with exact totals, and leaves no timer behind', () => {
    const { c, sent, events } = batch(3)
    events.progress({ jobId: 'a', bytesDone: 4, bytesTotal: 10 })
    expect(sent[0]?.totals.bytesDone).toBe(4)
    events.progress({ jobId: 'b', bytesDone: 6, bytesTotal: 10 })
    c.advance(20)
    events.done(view('a', 'ok'))
    events.done(view('b', 'cancelled'))
    expect(sent).toHaveLength(1)
    events.done(view('c', 'ok'))
    expect(sent).toHaveLength(2)
    expect(sent[1]?.progress).toEqual([])
    expect(sent[1]?.totals).toEqual({ files: 3, ok: 2, failed: 0, cancelled: 1, bytesDone: 20, bytesTotal: 30 })
    expect(c.pending()).toBe(0)
  })

  it('refuses progress after a job’s final view and a second final view of a job', () => {
    const { c, sent, events } = batch(2)
    events.done(view('a', 'ok'))
    events.progress({ jobId: 'a', bytesDone: 1, bytesTotal: 10 })
    events.done(view('a', 'error'))
    c.advance(200)
    expect(sent.flatMap((u) => u.progress)).toEqual([])
    expect(sent.flatMap((u) => u.done).map((v) => v.state)).toEqual(['ok'])
    expect(sent.at(-1)?.totals).toMatchObject({ ok: 1, failed: 0 })
  })

  it('sends nothing when nothing changed', () => {
    const { c, sent, events } = batch(1)
    events.flush()
    c.advance(1000)
    expect(sent).toEqual([])
  })
})
