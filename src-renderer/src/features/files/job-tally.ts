import type { JobView } from '@contract/schemas/files'
import { emptyStats, type BatchStats } from './batch-stats'

/** A job the results panel lists even in a large run: it failed, or its signature is not valid. */
export const needsLook = (j: { state: string; valid?: boolean | undefined }): boolean =>
  j.state === 'error' || j.valid === false

/**
 * The figures of batchStats kept up to date one job change at a time: a frame of a 10,000-file
 * run changes a few dozen jobs, and summing all of them on each frame is what stalled the screen.
 * Each change takes the job's old view out and puts its new one in, so a view that arrives twice
 * (a late or repeated final view) replaces itself and is never counted twice.
 */
export class JobTally {
  #s: BatchStats = emptyStats()
  #flagged = 0

  /** `old` leaves the tally, `next` enters it; either may be absent (a job added or removed). */
  replace(old: JobView | undefined, next: JobView | undefined): void {
    if (old) this.#count(old, -1)
    if (next) this.#count(next, 1)
  }

  clear(): void {
    this.#s = emptyStats()
    this.#flagged = 0
  }

  /** A copy: the tally moves on, what was read does not. */
  get stats(): BatchStats {
    return { ...this.#s }
  }

  get total(): number {
    return this.#s.total
  }

  /** Jobs that need a look (needsLook). */
  get flagged(): number {
    return this.#flagged
  }

  #count(j: JobView, by: 1 | -1): void {
    const s = this.#s
    s.total += by
    if (j.state === 'ok') s.done += by
    else if (j.state === 'error') s.failed += by
    else if (j.state === 'cancelled') s.cancelled += by
    else {
      s.remaining += by
      if (j.state === 'running') s.running += by
    }
    s.bytesTotal += by * j.bytesTotal
    s.bytesDone += by * (j.state === 'ok' ? j.bytesTotal : j.bytesDone)
    if (needsLook(j)) this.#flagged += by
  }
}
