import type { JobView } from '@contract/schemas/files'
import type { JobUpdateBatch } from './job-updates'
import { JobTally, needsLook } from './job-tally'

export interface Progress {
  rate?: number
  etaSeconds?: number
}

/** A run of more files than this lists only those that need a look (the job list has them all). */
export const RESULTS_LIMIT = 100

/** The latest run, as the results panel shows it. */
export interface RunView {
  /** Its jobs that are in the list. */
  total: number
  finished: number
  /** Failed, or not valid. */
  flagged: number
  operation: JobView['operation'] | undefined
  /** Every job of a small run; of a large one, the first RESULTS_LIMIT that need a look. */
  shown: readonly JobView[]
}

/**
 * The jobs main runs, kept as plain (frozen-in-place) views with one version signal instead of a
 * deep proxy over 10,000 objects: a frame's updates cost what the jobs they touch cost. Every
 * change goes through #put, which keeps the tallies (all jobs, the latest run) exact, so nothing
 * is ever summed over every job again. Read the list through at(i) and length; the array itself is
 * updated in place.
 */
export class JobStore {
  #list: JobView[] = []
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain lookups; #version is the signal
  #at = new Map<string, number>()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain lookups; #version is the signal
  #progress = new Map<string, Progress>()
  #tally = new JobTally()
  #version = $state(0)
  length = $derived.by(() => this.#read(() => this.#list.length))

  #runIds = $state.raw<readonly string[]>([])
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain lookups; #version is the signal
  #runAt = new Map<string, number>()
  #runTally = new JobTally()
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plain lookups; #version is the signal
  #runFlagged = new Set<string>()
  #shown: readonly JobView[] | undefined

  #read<T>(f: () => T): T {
    void this.#version
    return f()
  }

  at(i: number): JobView | undefined {
    return this.#read(() => this.#list[i])
  }

  get(jobId: string): JobView | undefined {
    return this.#read(() => this.#get(jobId))
  }

  progress(jobId: string): Progress | undefined {
    return this.#read(() => this.#progress.get(jobId))
  }

  hasProgress(jobId: string): boolean {
    return this.#progress.has(jobId)
  }

  /** Done, failed, cancelled, running, remaining and bytes over every job in the list. */
  get stats() {
    return this.#read(() => this.#tally.stats)
  }

  /** The ids of the latest run (set by track); its own signal, so it changes only when a run starts or closes. */
  get runIds(): readonly string[] {
    return this.#runIds
  }

  get run(): RunView {
    return this.#read(() => {
      const s = this.#runTally.stats
      this.#shown ??= this.#pickShown(s.total)
      const first = this.#runIds.find((id) => this.#at.has(id))
      return {
        total: s.total,
        finished: s.total - s.remaining,
        flagged: this.#runTally.flagged,
        operation: first === undefined ? undefined : this.#get(first)?.operation,
        shown: this.#shown
      }
    })
  }

  /** Replaces the whole list (main's answer to files:jobs). */
  reset(jobs: readonly JobView[]): void {
    this.#rebuild(jobs)
  }

  /** Jobs started here; one already known (an event overtook the reply) keeps its newer view. */
  add(views: readonly JobView[]): void {
    for (const v of views) if (!this.#at.has(v.jobId)) this.#put(v)
    this.#version++
  }

  /** One frame's worth of job events: the latest progress of each job, then each final view. */
  apply(b: JobUpdateBatch): void {
    for (const p of b.progress) {
      const j = this.#get(p.jobId)
      if (j) {
        const state = j.state === 'queued' ? 'running' : j.state
        this.#put({ ...j, state, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal })
      }
      this.#progress.set(p.jobId, {
        ...(p.rate === undefined ? {} : { rate: p.rate }),
        ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds })
      })
    }
    for (const v of b.done) this.#put(v)
    this.#version++
  }

  /** Keeps only the jobs `keep` accepts (Clear finished). */
  keep(keep: (j: JobView) => boolean): void {
    const kept = this.#list.filter(keep)
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup
    const ids = new Set(kept.map((j) => j.jobId))
    for (const id of this.#progress.keys()) if (!ids.has(id)) this.#progress.delete(id)
    this.#rebuild(kept)
  }

  /** Makes `ids` the latest run, whose results the panel shows ([] closes it). */
  track(ids: readonly string[]): void {
    this.#runIds = ids
    this.#runAt.clear()
    ids.forEach((id, i) => this.#runAt.set(id, i))
    this.#retally()
    this.#version++
  }

  #get(jobId: string): JobView | undefined {
    const i = this.#at.get(jobId)
    return i === undefined ? undefined : this.#list[i]
  }

  #put(next: JobView): void {
    const i = this.#at.get(next.jobId)
    const old = i === undefined ? undefined : this.#list[i]
    if (i === undefined) {
      this.#at.set(next.jobId, this.#list.length)
      this.#list.push(next)
    } else this.#list[i] = next
    this.#tally.replace(old, next)
    if (!this.#runAt.has(next.jobId)) return
    this.#runTally.replace(old, next)
    if (needsLook(next)) this.#runFlagged.add(next.jobId)
    else this.#runFlagged.delete(next.jobId)
    // A large run shows only jobs that need a look: other changes leave its list as it is.
    if (!old || this.#runTally.total <= RESULTS_LIMIT || needsLook(next) || needsLook(old)) this.#shown = undefined
  }

  #rebuild(jobs: readonly JobView[]): void {
    this.#list = [...jobs]
    this.#at.clear()
    this.#tally.clear()
    this.#list.forEach((j, i) => {
      this.#at.set(j.jobId, i)
      this.#tally.replace(undefined, j)
    })
    this.#retally()
    this.#version++
  }

  #retally(): void {
    this.#runTally.clear()
    this.#runFlagged.clear()
    for (const id of this.#runAt.keys()) {
      const j = this.#get(id)
      this.#runTally.replace(undefined, j)
      if (j && needsLook(j)) this.#runFlagged.add(id)
    }
    this.#shown = undefined
  }

  #pickShown(total: number): readonly JobView[] {
    const ids =
      total <= RESULTS_LIMIT
        ? this.#runIds
        : [...this.#runFlagged]
            .sort((a, b) => (this.#runAt.get(a) ?? 0) - (this.#runAt.get(b) ?? 0))
            .slice(0, RESULTS_LIMIT)
    return ids.map((id) => this.#get(id)).filter((j) => j !== undefined)
  }
}
