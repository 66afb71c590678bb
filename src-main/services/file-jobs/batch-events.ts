import { randomUUID } from 'node:crypto'
import type { JobView } from '@contract/schemas/files'
import type { BatchTotals, JobProgress, JobUpdates } from '@contract/schemas/job-updates'
import type { JobSink } from './jobs'

export interface Timers {
  set(run: () => void, ms: number): unknown
  clear(handle: unknown): void
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
}

export interface BatchEventsOptions {
  /** The batch's files, as submitted (their count and input bytes). */
  files: readonly { size: number }[]
  send: (u: JobUpdates) => void
  /** Least time between two messages (default 100 ms). */
  intervalMs?: number
  /** Least time between a failure's message and the one before (default 10 ms). */
  failureGapMs?: number
  now?: () => number
  timers?: Timers
}

/**
 * A batch's job events, coalesced: one message every `intervalMs` at most, with the latest
 * progress of each running job, every job that finished (once, in order) and the batch's totals.
 * Thousands of small files finish each second; one message per file kept main busy serialising
 * and sending them. A failure shortens the wait to `failureGapMs` and the batch's last file goes
 * out at once, so the last message carries exact totals.
 */
export class BatchEvents implements JobSink {
  readonly batchId = randomUUID()
  readonly #o: BatchEventsOptions
  readonly #now: () => number
  readonly #timers: Timers
  readonly #progress = new Map<string, JobProgress>()
  #done: JobView[] = []
  /** Input bytes read so far by each running job. */
  readonly #running = new Map<string, number>()
  readonly #finished = new Set<string>()
  #runningBytes = 0
  #totals: BatchTotals
  #last = -Infinity
  #timer: unknown
  #due = Infinity

  constructor(o: BatchEventsOptions) {
    this.#o = o
    this.#now = o.now ?? Date.now
    this.#timers = o.timers ?? realTimers
    this.#totals = {
      files: o.files.length,
      ok: 0,
      failed: 0,
      cancelled: 0,
      bytesDone: 0,
      bytesTotal: o.files.reduce((n, f) => n + f.size, 0)
    }
  }

  progress(p: JobProgress): void {
    // Progress after the final view (it should not come) must not bring the job back.
    if (this.#finished.has(p.jobId)) return
    this.#runningBytes += p.bytesDone - (this.#running.get(p.jobId) ?? 0)
    this.#running.set(p.jobId, p.bytesDone)
    this.#progress.set(p.jobId, p)
    this.#schedule(this.#o.intervalMs ?? 100)
  }

  done(v: JobView): void {
    if (this.#finished.has(v.jobId)) return
    this.#finished.add(v.jobId)
    this.#runningBytes -= this.#running.get(v.jobId) ?? 0
    this.#running.delete(v.jobId)
    this.#progress.delete(v.jobId)
    this.#done.push(v)
    const t = this.#totals
    if (v.state === 'ok') {
      t.ok++
      t.bytesDone += v.bytesDone
    } else if (v.state === 'error') t.failed++
    else t.cancelled++
    if (this.#finished.size >= t.files) this.flush()
    else this.#schedule(v.state === 'error' ? (this.#o.failureGapMs ?? 10) : (this.#o.intervalMs ?? 100))
  }

  /** Sends whatever is pending now. */
  flush(): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer)
    this.#timer = undefined
    this.#due = Infinity
    if (this.#progress.size === 0 && this.#done.length === 0) return
    this.#last = this.#now()
    const t = this.#totals
    const u: JobUpdates = {
      batchId: this.batchId,
      progress: [...this.#progress.values()],
      done: this.#done,
      totals: { ...t, bytesDone: t.bytesDone + this.#runningBytes }
    }
    this.#progress.clear()
    this.#done = []
    this.#o.send(u)
  }

  #schedule(gap: number): void {
    const due = this.#last + gap
    const now = this.#now()
    if (now >= due) return this.flush()
    if (this.#timer !== undefined && this.#due <= due) return
    if (this.#timer !== undefined) this.#timers.clear(this.#timer)
    this.#due = due
    this.#timer = this.#timers.set(() => this.flush(), due - now)
  }
}
