import { randomUUID } from 'node:crypto'
import type { BulkAction, BulkKeyResult, BulkRunView, BulkTarget } from '@contract/schemas/bulk'
import type { KmsClient } from '../kms/client'
import type { RetryOptions } from '../kms/retry'
import { describeAction } from './actions'
import { runBulk } from './runner'

export interface RunEvents {
  progress(p: { runId: string; index: number; result: BulkKeyResult }): void
  done(v: BulkRunView): void
}

interface Run {
  view: BulkRunView
  abort: AbortController
  finished: Promise<void>
}

/**
 * The app's bulk runs: one view per run (kept until the app quits), per-key events while it runs,
 * and cancellation between keys. Each finished key is recorded in the activity log.
 */
export class BulkRuns {
  readonly #runs = new Map<string, Run>()

  constructor(
    private readonly o: {
      client: () => Promise<KmsClient>
      record: (e: {
        operation: string
        outcome: 'ok' | 'error'
        region?: string
        key?: string
        detail?: string
        errorCode?: string
      }) => Promise<void>
      retry?: RetryOptions
    }
  ) {}

  async start(action: BulkAction, targets: readonly BulkTarget[], events: RunEvents): Promise<BulkRunView> {
    const client = await this.o.client()
    const runId = randomUUID()
    const view: BulkRunView = {
      runId,
      action,
      state: 'running',
      results: targets.map((t) => ({ ...t, outcome: 'pending', attempts: 0 }))
    }
    const abort = new AbortController()
    const detail = describeAction(action)
    const finished = runBulk({
      client,
      action,
      targets,
      signal: abort.signal,
      ...(this.o.retry ? { retry: this.o.retry } : {}),
      onResult: (index, result) => {
        view.results[index] = result
        events.progress({ runId, index, result })
        if (result.outcome === 'done' || result.outcome === 'failed')
          void this.o
            .record({
              operation: `keys:bulk-${action.kind}`,
              outcome: result.outcome === 'done' ? 'ok' : 'error',
              region: result.region,
              key: result.name,
              detail,
              ...(result.code ? { errorCode: result.code } : {})
            })
            .catch(() => undefined)
      }
    }).then(() => {
      view.state = abort.signal.aborted ? 'cancelled' : 'done'
      events.done(structuredClone(view))
    })
    this.#runs.set(runId, { view, abort, finished })
    return structuredClone(view)
  }

  cancel(runId: string): boolean {
    const r = this.#runs.get(runId)
    if (!r || r.view.state !== 'running') return false
    r.abort.abort()
    return true
  }

  view(runId: string): BulkRunView | undefined {
    const r = this.#runs.get(runId)
    return r ? structuredClone(r.view) : undefined
  }

  /** Cancels every run and waits for the keys in progress to finish (on quit). */
  async close(): Promise<void> {
    for (const r of this.#runs.values()) r.abort.abort()
    await Promise.all([...this.#runs.values()].map((r) => r.finished))
  }
}
