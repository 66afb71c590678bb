import { describe, expect, it } from 'vitest'
import type { FileOperation, JobView } from '@contract/schemas/files'
import { batchRate, batchStats } from '../../../../../src-renderer/src/features/files/batch-stats'
import { JobStore, RESULTS_LIMIT } from '../../../../../src-renderer/src/features/files/job-store.svelte'
import { needsLook } from '../../../../../src-renderer/src/features/files/job-tally'
import type { JobProgress } from '../../../../../src-renderer/src/features/files/job-updates'

/** A job's view from main: a finished one has read all its bytes, a queued one none. */
function view(jobId: string, state: JobView['state'], bytes = 1024, extra: Partial<JobView> = {}): JobView {
  const read = state === 'ok' ? bytes : 0
  return {
    jobId,
    name: jobId,
    input: `/in/${jobId}`,
    operation: 'encrypt',
    state,
    bytesDone: read,
    bytesTotal: bytes,
    ...extra
  }
}
const progress = (jobId: string, bytesDone: number, bytesTotal: number): JobProgress => ({
  jobId,
  bytesDone,
  bytesTotal,
  rate: 1000,
  etaSeconds: 1
})
const all = (s: JobStore) => Array.from({ length: s.length }, (_, i) => s.at(i)).filter((j) => j !== undefined)

/** The results panel's figures as it computed them before: over every job of the run, on each frame. */
function runByScan(s: JobStore, ids: readonly string[]) {
  const byId = new Map(all(s).map((j) => [j.jobId, j]))
  const run = ids.map((id) => byId.get(id)).filter((j) => j !== undefined)
  return {
    total: run.length,
    finished: run.filter((j) => j.state !== 'queued' && j.state !== 'running').length,
    flagged: run.filter(needsLook).length,
    operation: run[0]?.operation,
    shown: run.length <= RESULTS_LIMIT ? run : run.filter(needsLook).slice(0, RESULTS_LIMIT)
  }
}

/** A seeded generator (mulberry32), so a failure replays. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('the job store keeps its tallies one change at a time', () => {
  it('counts, bytes, rate, ETA and the run stay equal to a full recount over a random sequence of updates', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed)
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
      const s = new JobStore()
      const ops: FileOperation[] = ['encrypt', 'verify', 'decrypt']
      let next = 0
      let run: string[] = []
      for (let step = 0; step < 400; step++) {
        const known = all(s).map((j) => j.jobId)
        const r = rnd()
        if (r < 0.1) {
          // A start: new queued jobs (some already announced by an event), tracked as the latest run.
          const started = Array.from({ length: 1 + Math.floor(rnd() * 150) }, () =>
            view(`j${next++}`, 'queued', Math.floor(rnd() * 5000), { operation: pick(ops) })
          )
          run = [...started.map((j) => j.jobId), ...(rnd() < 0.3 ? ['never-added'] : [])]
          s.track(run)
          s.add(started)
        } else if (r < 0.75 && known.length > 0) {
          // One frame: progress of some jobs, final views of others (repeats and late ones included).
          const progressed = Array.from({ length: Math.floor(rnd() * 20) }, () => {
            const id = pick(known)
            const total = Math.floor(rnd() * 5000)
            return progress(id, Math.floor(rnd() * total), total)
          })
          const done = Array.from({ length: Math.floor(rnd() * 30) }, () => {
            const id = rnd() < 0.05 ? `late${next++}` : pick(known)
            const state = pick(['ok', 'ok', 'ok', 'error', 'cancelled'] as const)
            return view(id, state, Math.floor(rnd() * 5000), rnd() < 0.2 ? { valid: rnd() < 0.5 } : {})
          })
          s.apply({ progress: progressed, done })
        } else if (r < 0.8) {
          s.keep((j) => j.state === 'queued' || j.state === 'running')
        } else if (r < 0.85) {
          run = []
          s.track(run)
        } else if (r < 0.9) {
          s.reset(all(s).filter(() => rnd() < 0.9))
        }
        const list = all(s)
        const stats = batchStats(list)
        expect(s.stats, `seed ${seed}, step ${step}`).toEqual(stats)
        expect(s.length).toBe(list.length)
        expect(batchRate(s.stats, 0, 1000 + step)).toEqual(batchRate(stats, 0, 1000 + step))
        expect(s.run, `seed ${seed}, step ${step}`).toEqual(runByScan(s, run))
      }
    }
  })

  it('a large run lists the first jobs that need a look, in the order they were started', () => {
    const s = new JobStore()
    const ids = Array.from({ length: 3 * RESULTS_LIMIT }, (_, i) => `j${i}`)
    s.track(ids)
    s.add(ids.map((id) => view(id, 'queued')))
    expect(s.run.shown).toEqual([])
    // Finished in reverse order: the list still follows the run's order.
    const failedIds = ids.filter((_, i) => i % 2 === 1).reverse()
    s.apply({ progress: [], done: failedIds.map((id) => view(id, 'error')) })
    expect(s.run.shown.map((j) => j.jobId)).toEqual(ids.filter((_, i) => i % 2 === 1).slice(0, RESULTS_LIMIT))
    expect(s.run.flagged).toBe(failedIds.length)
    expect(s.run.finished).toBe(failedIds.length)
  })

  it('progress marks a queued job running and keeps its rate; a finished job stays finished', () => {
    const s = new JobStore()
    s.add([view('a', 'queued'), view('b', 'ok')])
    s.apply({ progress: [progress('a', 512, 1024), progress('b', 3, 1024)], done: [] })
    expect(s.get('a')).toMatchObject({ state: 'running', bytesDone: 512 })
    expect(s.progress('a')).toEqual({ rate: 1000, etaSeconds: 1 })
    expect(s.get('b')?.state).toBe('ok')
    expect(s.stats).toMatchObject({ total: 2, done: 1, running: 1, remaining: 1, bytesDone: 1536 })
  })

  it('refuses to count a job twice: a repeated or late final view replaces the one it has', () => {
    const s = new JobStore()
    s.track(['a', 'b'])
    s.add([view('a', 'queued'), view('b', 'queued')])
    s.apply({ progress: [], done: [view('a', 'ok')] })
    s.apply({ progress: [], done: [view('a', 'ok'), view('a', 'ok')] })
    // A late progress event for the finished job neither revives nor recounts it.
    s.apply({ progress: [progress('a', 10, 1024)], done: [] })
    s.apply({ progress: [], done: [view('b', 'error'), view('b', 'error')] })
    expect(s.length).toBe(2)
    expect(s.stats).toEqual({
      total: 2,
      done: 1,
      failed: 1,
      cancelled: 0,
      running: 0,
      remaining: 0,
      bytesDone: 1024,
      bytesTotal: 2048
    })
    expect(s.run).toMatchObject({ total: 2, finished: 2, flagged: 1 })
    // Progress of a job it does not have adds no job.
    s.apply({ progress: [progress('ghost', 1, 2)], done: [] })
    expect(s.length).toBe(2)
    expect(s.get('ghost')).toBeUndefined()
  })
})
