import type { ReencryptJobView } from '@contract/schemas/reencrypt'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'

export type ReencryptJobsApi = Pick<KmsApi, 'reencrypt' | 'on'>
const TITLE = 'The re-encryption job could not go on'

/**
 * Re-encryption jobs a previous run (or a Stop) left unfinished, each with its report so far, to
 * resume or discard; kept current by the job's events once resumed. One action at a time.
 */
export class InterruptedJobs {
  jobs = $state<ReencryptJobView[]>([])
  readonly action = new Action({ errors: 'panel' })
  readonly #api: ReencryptJobsApi

  constructor(api: ReencryptJobsApi) {
    this.#api = api
  }

  async load(): Promise<void> {
    const r = await this.action.run(() => call(this.#api.reencrypt.jobs()), { title: TITLE })
    if (r.ok) this.jobs = r.value.filter((j) => j.state === 'interrupted')
  }

  /** Listens to the jobs' events; returns the unsubscribe. */
  subscribe(): () => void {
    const offProgress = this.#api.on('reencrypt:progress', (p) => {
      const j = this.jobs.find((x) => x.jobId === p.jobId)
      const f = j?.files[p.index]
      if (j && f)
        j.files[p.index] = {
          path: f.path,
          state: p.state as typeof f.state,
          ...(p.message ? { message: p.message } : {})
        }
    })
    const offDone = this.#api.on('reencrypt:done', (v) => {
      const i = this.jobs.findIndex((x) => x.jobId === v.jobId)
      if (i >= 0) this.jobs[i] = v
    })
    return () => {
      offProgress()
      offDone()
    }
  }

  async resume(jobId: string): Promise<boolean> {
    if (this.action.busy) return false
    const r = await this.action.run(() => call(this.#api.reencrypt.resume({ jobId })), { title: TITLE, what: jobId })
    if (!r.ok) return false
    const i = this.jobs.findIndex((x) => x.jobId === jobId)
    // The done event may already have replaced it with the finished report.
    if (i >= 0 && this.jobs[i]?.state === 'interrupted') this.jobs[i] = { ...r.value, state: 'running' }
    return true
  }

  async discard(jobId: string): Promise<boolean> {
    if (this.action.busy) return false
    const r = await this.action.run(() => call(this.#api.reencrypt.discard({ jobId })), { title: TITLE, what: jobId })
    if (r.ok) this.dismiss(jobId)
    return r.ok
  }

  dismiss(jobId: string): void {
    this.jobs = this.jobs.filter((x) => x.jobId !== jobId)
  }

  stop(jobId: string): void {
    void this.#api.reencrypt.cancel({ jobId })
  }
}
