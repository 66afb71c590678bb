import type { BulkAction, BulkKeyResult, BulkPlan, BulkTarget } from '@contract/schemas/bulk'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'

export type BulkApi = Pick<KmsApi, 'bulk' | 'on'>
type Progress = { runId: string; index: number; result: BulkKeyResult }

/**
 * One bulk run, from its plan to its last key: the plan main makes of the selection, the start
 * (once: a second click while it is on its way starts nothing), and each key's outcome as events arrive.
 */
export class BulkRun {
  plan = $state<BulkPlan | undefined>()
  runId = $state<string | undefined>()
  results = $state<BulkKeyResult[]>([])
  phase = $state<'confirm' | 'running' | 'done' | 'cancelled'>('confirm')
  /** Failures of the plan or the start, for the dialog's panel: nothing was changed. */
  readonly action = new Action({ errors: 'panel' })
  counts = $derived({
    done: this.results.filter((r) => r.outcome === 'done').length,
    unchanged: this.results.filter((r) => r.outcome === 'unchanged').length,
    failed: this.results.filter((r) => r.outcome === 'failed').length,
    cancelled: this.results.filter((r) => r.outcome === 'cancelled').length
  })
  // Events can arrive before the start call answers: kept until the run id is known.
  readonly #early: Progress[] = []
  readonly #api: BulkApi
  readonly #request: { action: BulkAction; targets: BulkTarget[] }

  constructor(api: BulkApi, action: BulkAction, targets: BulkTarget[]) {
    this.#api = api
    this.#request = { action, targets }
  }

  /** Listens to the run's events; returns the unsubscribe. */
  subscribe(): () => void {
    const offProgress = this.#api.on('bulk:progress', (p) => {
      if (p.runId === this.runId) this.results[p.index] = p.result
      else if (!this.runId) this.#early.push(p)
    })
    const offDone = this.#api.on('bulk:done', (v) => {
      if (v.runId !== this.runId) return
      this.results = v.results
      this.phase = v.state === 'cancelled' ? 'cancelled' : 'done'
    })
    return () => {
      offProgress()
      offDone()
    }
  }

  async loadPlan(): Promise<void> {
    const r = await this.action.run(() => call(this.#api.bulk.plan(this.#request)), { title: 'Nothing was changed' })
    if (r.ok) this.plan = r.value
  }

  /** Starts the run with the typed confirmation (a deletion needs it); false when nothing started. */
  async start(confirm?: { count: number; scope: string }): Promise<boolean> {
    if (!this.plan || this.action.busy || this.phase !== 'confirm') return false
    const request = { ...this.#request, ...(this.plan.needsConfirmation && confirm ? { confirm } : {}) }
    const r = await this.action.run(() => call(this.#api.bulk.start(request)), { title: 'Nothing was changed' })
    if (!r.ok) return false
    this.runId = r.value.runId
    this.results = r.value.results
    for (const p of this.#early.splice(0)) if (p.runId === this.runId) this.results[p.index] = p.result
    if (this.phase === 'confirm') this.phase = 'running'
    return true
  }

  cancel(): void {
    if (this.runId) void this.#api.bulk.cancel({ runId: this.runId })
  }
}
