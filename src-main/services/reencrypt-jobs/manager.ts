import type { ReencryptJobView } from '@contract/schemas/reencrypt'
import type { DataKeyWrapper, RecipientRef } from '../file-format/types'
import type { WorkerPool } from '../files/worker-pool'
import { AppFailure } from '../kms/errors'
import type { ReencryptCriteria, StatusLookup } from './criteria'
import { createJob, resumeJob, runJob, type JobDeps } from './job'
import { listJournals, removeJournal, type Journal } from './journal'
import { scan, type ScanResult } from './scan'

export interface JobEvents {
  progress(p: { jobId: string; index: number; total: number; path: string; state: string; message?: string }): void
  done(v: ReencryptJobView): void
}

const jobView = (j: Journal): ReencryptJobView => ({
  jobId: j.id,
  root: j.root,
  state: j.state,
  createdAt: j.createdAt,
  unmatched: j.unmatched,
  unreadable: j.unreadable,
  files: j.files.map((f) => ({ path: f.path, state: f.state, ...(f.message ? { message: f.message } : {}) }))
})

/** The app's re-encryption jobs: one runs at a time per folder tree, each cancellable between files. */
export class ReencryptJobs {
  readonly #running = new Map<string, { abort: AbortController; done: Promise<void> }>()

  constructor(
    private readonly o: {
      dataDir: string
      wrapper: DataKeyWrapper
      status: () => StatusLookup
      pool?: () => WorkerPool
    }
  ) {}

  /** What the window sees of a search: paths and reasons only. */
  async find(
    root: string,
    recursive: boolean,
    criteria: ReencryptCriteria
  ): Promise<Omit<ScanResult, 'matched'> & { matched: { path: string; why: string[] }[] }> {
    const r = await scan(root, recursive, criteria, this.o.status())
    return { ...r, matched: r.matched.map(({ path, why }) => ({ path, why })) }
  }

  async start(
    n: { root: string; recursive: boolean; criteria: ReencryptCriteria; to?: RecipientRef[] },
    events: JobEvents
  ): Promise<ReencryptJobView> {
    const j = await createJob(this.#deps(), n)
    this.#run(j.id, events, (d) => runJob(d, j))
    return jobView(j)
  }

  async resume(jobId: string, events: JobEvents): Promise<ReencryptJobView> {
    if (this.#running.has(jobId))
      throw new AppFailure({
        code: 'bad_input',
        message: 'That job is already running.',
        hint: 'Wait for it to finish or cancel it first.'
      })
    const j = (await listJournals(this.o.dataDir)).find((x) => x.id === jobId)
    if (!j)
      throw new AppFailure({
        code: 'bad_input',
        message: `No re-encryption job ${jobId}.`,
        hint: 'Pick a job from the list.'
      })
    this.#run(jobId, events, (d) => resumeJob(d, jobId))
    return jobView(j)
  }

  async list(): Promise<ReencryptJobView[]> {
    return (await listJournals(this.o.dataDir)).map((j) => ({
      ...jobView(j),
      state: j.state === 'running' && !this.#running.has(j.id) ? 'interrupted' : j.state
    }))
  }

  /**
   * Forgets a job that is not running (its journal only): files it re-encrypted stay re-encrypted,
   * the others stay as they are. A running job must be stopped first.
   */
  async discard(jobId: string): Promise<void> {
    if (this.#running.has(jobId))
      throw new AppFailure({
        code: 'bad_input',
        message: 'That job is running; it cannot be discarded.',
        hint: 'Stop it after the current file first, then discard it.'
      })
    if (!(await removeJournal(this.o.dataDir, jobId)))
      throw new AppFailure({
        code: 'bad_input',
        message: `No re-encryption job ${jobId}.`,
        hint: 'Pick a job from the list.'
      })
  }

  cancel(jobId: string): boolean {
    const r = this.#running.get(jobId)
    r?.abort.abort()
    return r !== undefined
  }

  async close(): Promise<void> {
    for (const r of this.#running.values()) r.abort.abort()
    await Promise.all([...this.#running.values()].map((r) => r.done))
  }

  #deps(signal?: AbortSignal): JobDeps {
    return {
      dataDir: this.o.dataDir,
      wrapper: this.o.wrapper,
      status: this.o.status(),
      ...(this.o.pool ? { pool: this.o.pool() } : {}),
      ...(signal ? { signal } : {})
    }
  }

  #run(jobId: string, events: JobEvents, fn: (d: JobDeps) => Promise<Journal>): void {
    const abort = new AbortController()
    const done = fn({
      ...this.#deps(abort.signal),
      onFile: (f, index: number, total: number) =>
        events.progress({
          jobId,
          index,
          total,
          path: f.path,
          state: f.state,
          ...(f.message ? { message: f.message } : {})
        })
    })
      .then(
        (j) => events.done(jobView(j)),
        () => undefined
      )
      .finally(() => this.#running.delete(jobId))
    this.#running.set(jobId, { abort, done })
  }
}
