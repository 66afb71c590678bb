import type { JobView } from '@contract/schemas/files'
import type { JobProgress, JobUpdates as JobUpdatesMessage } from '@contract/schemas/job-updates'

export type { JobProgress }

export interface JobUpdateBatch {
  /** The latest progress of each job that has not finished, in arrival order. */
  progress: JobProgress[]
  /** Every finished job, each once with its final view, in the order they finished. */
  done: JobView[]
}

/**
 * Job events collected between two frames. A batch sends thousands a second; applying each as it
 * comes re-renders the screen thousands of times. Only the latest progress of a job matters, and
 * a job's final view supersedes its progress; no final view is ever dropped.
 */
export class JobUpdates {
  readonly #progress = new Map<string, JobProgress>()
  readonly #done = new Map<string, JobView>()

  get pending(): boolean {
    return this.#progress.size > 0 || this.#done.size > 0
  }

  progress(p: JobProgress): void {
    // Progress that arrives after the final view (it should not) must not resurrect the job.
    if (!this.#done.has(p.jobId)) this.#progress.set(p.jobId, p)
  }

  done(v: JobView): void {
    this.#progress.delete(v.jobId)
    this.#done.set(v.jobId, v)
  }

  take(): JobUpdateBatch {
    const batch = { progress: [...this.#progress.values()], done: [...this.#done.values()] }
    this.#progress.clear()
    this.#done.clear()
    return batch
  }
}

export interface Scheduler {
  frame(run: () => void): void
  timer(run: () => void, ms: number): void
}

const browser: Scheduler = {
  frame: (run) => void requestAnimationFrame(run),
  timer: (run, ms) => void setTimeout(run, ms)
}

/**
 * Collects job events and hands them to `apply` once per animation frame. A hidden window gets no
 * frames, so a timer (`maxDelayMs`) flushes too; whichever comes first applies, the other finds
 * nothing to do.
 */
export function coalescedJobEvents(apply: (b: JobUpdateBatch) => void, maxDelayMs = 100, s: Scheduler = browser) {
  const updates = new JobUpdates()
  let scheduled = false
  const flush = (): void => {
    scheduled = false
    if (updates.pending) apply(updates.take())
  }
  const schedule = (): void => {
    if (scheduled) return
    scheduled = true
    s.frame(flush)
    s.timer(flush, maxDelayMs)
  }
  return {
    progress(p: JobProgress): void {
      updates.progress(p)
      schedule()
    },
    done(v: JobView): void {
      updates.done(v)
      schedule()
    },
    /** One job:updates message from main: its progress, then its finished jobs. */
    message(m: JobUpdatesMessage): void {
      for (const p of m.progress) updates.progress(p)
      for (const v of m.done) updates.done(v)
      schedule()
    },
    /** Applies whatever is pending now (before a reply that must see every event so far). */
    flush
  }
}
