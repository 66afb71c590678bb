import { randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import type { AppError } from '@contract/errors'
import type { JobView } from '@contract/schemas/files'
import type { JobProgress } from '@contract/schemas/job-updates'
import { toAppError } from '../shared/errors'
import type { DataKeyLimits } from '../files/batch-keys'
import type { RecipientRef } from '../file-format/types'
import { FileBatch } from './file-batch'
import { Lane, laneWrapper } from './kms-lane'
import { runJob, type JobOutcome, type JobRequest, type RunnerDeps } from './job-runners'

/** Where a job's events go: the window that started it. */
export interface JobSink {
  progress(p: JobProgress): void
  done(v: JobView): void
}

export interface ActivityRecord {
  operation: string
  outcome: 'ok' | 'error'
  region?: string
  key?: string
  detail?: string
  errorCode?: string
}

export interface FileJobsOptions extends RunnerDeps {
  /** Read at every scheduling decision, so a settings change applies to the next job. */
  concurrency: () => number
  /** Small files run per slot of `concurrency()` (default SMALL_FILES_PER_SLOT; 1 treats them like the others). */
  smallFilesPerSlot?: number
  /** The activity log: file name, key, operation and outcome, never content. */
  record: (e: ActivityRecord) => Promise<void>
  now?: () => number
  /** Minimum time between two progress events of a job. */
  progressIntervalMs?: number
  /** Read when a batch is submitted: how many files and minutes one encrypt data key serves. */
  dataKeyLimits?: () => DataKeyLimits
  /** The KMS lane (its own concurrency limit); default one lane per queue. */
  kmsLane?: Lane
  /** Called when a batch is created (tests look at its cache). */
  onBatch?: (b: FileBatch) => void
  /**
   * Told of every `.tkms` file a finished encrypt or re-encrypt wrote (the local index records it),
   * with the recipients its header names when the request fixed them (encrypt).
   */
  written?: (output: string, recipients?: readonly RecipientRef[]) => void
}

interface Job {
  view: JobView
  input: string
  relative: string
  request: JobRequest
  batch: FileBatch
  sink: JobSink
  controller: AbortController
  small: boolean
  startedAt: number
  lastEmit: number
  finished: Promise<void>
  settle: () => void
}

/** Default next steps for codes whose engine messages come without one. */
const HINTS: Partial<Record<AppError['code'], string>> = {
  key_not_usable: 'The key is disabled or pending deletion: enable it (or cancel its deletion), or use another key.',
  not_found_or_no_access:
    'The key does not exist in this organisation and project, or you lack permission for it: check the profile, project and region.',
  integrity: 'The file is damaged or was modified; nothing was written. Use an intact copy.',
  exists: 'Tick "Overwrite existing files", or choose another output folder.',
  cancelled: 'Nothing was written.'
}

/**
 * Files up to this size are one worker task (run-chunks.ts): little memory, and their time goes to
 * per-file latency (opens, KMS lane, fsync, rename) rather than to CPU or disk bandwidth. So more
 * of them run at once: `SMALL_FILES_PER_SLOT` for each slot of the concurrency setting, which still
 * bounds the larger files. Measured on 4 KiB files (2 cores): 2 at a time left the process idle
 * most of the time, waiting on fsyncs and thread-pool round trips.
 */
export const SMALL_FILE_BYTES = 1 << 20
export const SMALL_FILES_PER_SLOT = 16

export function jobError(e: unknown): AppError {
  const err = toAppError(e)
  const hint = err.hint ?? HINTS[err.code]
  return hint ? { ...err, hint } : err
}

/**
 * The Files queue: one job per file, at most `concurrency()` running (more for small files), each with its own
 * AbortController. Jobs report progress (bytes, rate, ETA) and a final view; every finished job is
 * recorded in the activity log.
 */
export class FileJobs {
  readonly #jobs = new Map<string, Job>()
  readonly #queue: Job[] = []
  #running = 0
  #runningSmall = 0
  readonly #now: () => number
  readonly #wrapper: RunnerDeps['wrapper']

  constructor(private readonly o: FileJobsOptions) {
    this.#now = o.now ?? Date.now
    this.#wrapper = laneWrapper(o.wrapper, o.kmsLane ?? new Lane())
  }

  submit(
    request: JobRequest,
    files: readonly { path: string; relative: string; size: number }[],
    sink: JobSink
  ): JobView[] {
    const limits = this.o.dataKeyLimits?.()
    const batch = new FileBatch({
      operation: request.operation,
      wrapper: this.#wrapper,
      files: files.length,
      ...(request.recipients ? { recipients: request.recipients } : {}),
      ...(limits ? { limits } : {})
    })
    this.o.onBatch?.(batch)
    const submitted = files.map((f) => {
      let settle = () => undefined as void
      const finished = new Promise<void>((r) => (settle = r))
      const view: JobView = {
        jobId: randomUUID(),
        operation: request.operation,
        input: f.path,
        name: basename(f.path),
        state: 'queued',
        bytesDone: 0,
        bytesTotal: f.size
      }
      const job: Job = {
        view,
        input: f.path,
        relative: f.relative,
        request,
        batch,
        sink,
        controller: new AbortController(),
        small: f.size <= SMALL_FILE_BYTES,
        startedAt: 0,
        lastEmit: 0,
        finished,
        settle
      }
      this.#jobs.set(view.jobId, job)
      this.#queue.push(job)
      return view
    })
    this.#pump()
    // After pump: the first jobs already show as running, whatever events the caller has not yet seen.
    return submitted.map((v) => ({ ...v }))
  }

  list(): JobView[] {
    return [...this.#jobs.values()].map((j) => ({ ...j.view }))
  }

  /** The file a job read or wrote: the only paths "show in folder" reveals. */
  pathOf(jobId: string, which: 'input' | 'output'): string | undefined {
    const v = this.#jobs.get(jobId)?.view
    return which === 'input' ? v?.input : v?.output
  }

  cancel(jobId: string): boolean {
    const job = this.#jobs.get(jobId)
    if (!job || (job.view.state !== 'queued' && job.view.state !== 'running')) return false
    job.controller.abort()
    const i = this.#queue.indexOf(job)
    if (i >= 0) {
      this.#queue.splice(i, 1)
      this.#cancelQueued(job)
    }
    return true
  }

  cancelAll(): number {
    // Queued jobs first, so none of them starts while the running ones stop; all at once (a
    // batch may queue thousands: one search of the queue each would be quadratic).
    const queued = this.#queue.splice(0)
    for (const job of queued) {
      job.controller.abort()
      this.#cancelQueued(job)
    }
    const running = [...this.#jobs.values()].filter((j) => j.view.state === 'running')
    for (const job of running) job.controller.abort()
    return queued.length + running.length
  }

  #cancelQueued(job: Job): void {
    this.#finish(job, 'cancelled', undefined, {
      code: 'cancelled',
      message: 'Cancelled before it started; nothing was written.'
    })
  }

  clearFinished(): number {
    let n = 0
    for (const [id, j] of this.#jobs) {
      if (j.view.state === 'ok' || j.view.state === 'error' || j.view.state === 'cancelled') {
        this.#jobs.delete(id)
        n++
      }
    }
    return n
  }

  /** Resolves when every job submitted so far has finished (tests, app shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((j) => j.finished))
  }

  /** Starts queued jobs in order while the one at the head has a free slot of its kind. */
  #pump(): void {
    const slots = Math.max(1, this.o.concurrency())
    for (let job = this.#queue[0]; job; job = this.#queue[0]) {
      const small = job.small
      if (
        small
          ? this.#runningSmall >= slots * (this.o.smallFilesPerSlot ?? SMALL_FILES_PER_SLOT)
          : this.#running >= slots
      )
        return
      this.#queue.shift()
      if (small) this.#runningSmall++
      else this.#running++
      void this.#run(job).finally(() => {
        if (small) this.#runningSmall--
        else this.#running--
        this.#pump()
      })
    }
  }

  async #run(job: Job): Promise<void> {
    job.view.state = 'running'
    job.startedAt = this.#now()
    this.#emitProgress(job, true)
    const onProgress = (p: { bytesDone: number; bytesTotal: number }) => {
      job.view.bytesDone = p.bytesDone
      job.view.bytesTotal = p.bytesTotal
      this.#emitProgress(job, false)
    }
    try {
      const deps = { ...this.o, wrapper: job.batch.wrapper }
      const out = await runJob(deps, job.request, job.input, job.relative, {
        signal: job.controller.signal,
        onProgress,
        ...(job.batch.keys ? { keys: job.batch.keys } : {})
      })
      job.view.bytesDone = job.view.bytesTotal
      this.#finish(job, 'ok', out)
    } catch (e) {
      const err = jobError(e)
      this.#finish(
        job,
        err.code === 'cancelled' || job.controller.signal.aborted ? 'cancelled' : 'error',
        undefined,
        err
      )
    }
  }

  #emitProgress(job: Job, force: boolean): void {
    const now = this.#now()
    if (!force && now - job.lastEmit < (this.o.progressIntervalMs ?? 100)) return
    job.lastEmit = now
    const { bytesDone, bytesTotal } = job.view
    const seconds = (now - job.startedAt) / 1000
    const rate = seconds > 0 ? bytesDone / seconds : undefined
    const etaSeconds = rate ? Math.max(0, (bytesTotal - bytesDone) / rate) : undefined
    job.sink.progress({
      jobId: job.view.jobId,
      bytesDone,
      bytesTotal,
      ...(rate === undefined ? {} : { rate }),
      ...(etaSeconds === undefined ? {} : { etaSeconds })
    })
  }

  #finish(job: Job, state: 'ok' | 'error' | 'cancelled', out?: JobOutcome, error?: AppError): void {
    const v = job.view
    v.state = state
    if (out?.output) v.output = out.output
    if (out?.valid !== undefined) v.valid = out.valid
    if (out?.reason) v.reason = out.reason
    if (out?.detail) v.detail = out.detail
    if (out?.openedWith) v.openedWith = out.openedWith
    if (out?.recipients) v.recipients = out.recipients
    if (out?.report) v.report = out.report
    if (error) v.error = error
    job.batch.fileDone()
    job.sink.done({ ...v })
    const r = job.request
    if (state === 'ok' && v.output && (r.operation === 'encrypt' || r.operation === 'reencrypt'))
      this.o.written?.(v.output, r.operation === 'encrypt' ? r.recipients : undefined)
    const keys =
      out?.keys ?? (r.key ? r.key.slug || r.key.identity : r.recipients?.map((k) => k.slug || k.identity).join(', '))
    const regions =
      out?.regions ??
      (r.key ? r.key.region : r.recipients ? [...new Set(r.recipients.map((k) => k.region))].join(', ') : undefined)
    const outcome = state === 'ok' && v.valid !== false ? 'ok' : 'error'
    const errorCode = error?.code ?? (v.valid === false ? 'invalid_signature' : undefined)
    void this.o
      .record({
        operation: `files:${r.operation}`,
        outcome,
        detail: v.name,
        ...(keys ? { key: keys } : {}),
        ...(regions ? { region: regions } : {}),
        ...(errorCode ? { errorCode } : {}),
        ...(error ? { errorMessage: error.message, ...(error.hint ? { errorHint: error.hint } : {}) } : {})
      })
      .catch(() => undefined)
      .finally(job.settle)
  }
}
