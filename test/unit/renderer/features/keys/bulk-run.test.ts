import { describe, expect, it } from 'vitest'
import type { BulkKeyResult, BulkRunView } from '@contract/schemas/bulk'
import { BulkRun, type BulkApi } from '../../../../../src-renderer/src/features/keys/bulk-run.svelte'
import { fail, ok, pending, scripted, settle } from '../../fakes'
import type { Result } from '@contract/result'

const targets = [
  { region: 'nl-01', identity: 'k1', name: 'one' },
  { region: 'nl-01', identity: 'k2', name: 'two' }
]
const result = (identity: string, outcome: BulkKeyResult['outcome']): BulkKeyResult => ({
  region: 'nl-01',
  identity,
  name: identity,
  outcome,
  attempts: outcome === 'pending' ? 0 : 1
})
const view = (state: BulkRunView['state'], ...results: BulkKeyResult[]): BulkRunView => ({
  runId: 'run-1',
  action: { kind: 'schedule-deletion' },
  state,
  results
})
const plan = { count: 2, scope: 'Production · nl-01', needsConfirmation: true }

function setup(start: (req: unknown) => Promise<Result<BulkRunView>>) {
  const listeners = new Map<string, (p: unknown) => void>()
  const api = {
    bulk: { plan: async () => ok(plan), start },
    on: (event: string, l: (p: unknown) => void) => (listeners.set(event, l), () => listeners.delete(event))
  } as unknown as BulkApi
  const run = new BulkRun(api, { kind: 'schedule-deletion' }, targets)
  const off = run.subscribe()
  const emit = (event: string, payload: unknown) => listeners.get(event)?.(payload)
  return { run, emit, off, listeners }
}

describe('a bulk run', () => {
  it('starts once with the typed confirmation, applies early and later outcomes, and ends with the done event', async () => {
    const answer = pending<Result<BulkRunView>>()
    const starts: unknown[] = []
    const { run, emit, off, listeners } = setup((req) => (starts.push(req), answer.promise))
    await run.loadPlan()
    const first = run.start({ count: 2, scope: plan.scope })
    // A second click while the start is on its way starts nothing.
    expect(await run.start({ count: 2, scope: plan.scope })).toBe(false)
    emit('bulk:progress', { runId: 'run-1', index: 0, result: result('k1', 'done') })
    answer.answer(ok(view('running', result('k1', 'pending'), result('k2', 'pending'))))
    expect(await first).toBe(true)
    expect(starts).toEqual([
      { action: { kind: 'schedule-deletion' }, targets, confirm: { count: 2, scope: plan.scope } }
    ])
    expect([run.phase, run.results.map((r) => r.outcome)]).toEqual(['running', ['done', 'pending']])
    emit('bulk:progress', { runId: 'other', index: 1, result: result('k2', 'failed') })
    emit('bulk:progress', { runId: 'run-1', index: 1, result: result('k2', 'unchanged') })
    expect(run.counts).toEqual({ done: 1, unchanged: 1, failed: 0, cancelled: 0 })
    emit('bulk:done', view('cancelled', result('k1', 'done'), result('k2', 'cancelled')))
    expect([run.phase, run.counts.cancelled, run.action.busy]).toEqual(['cancelled', 1, false])
    off()
    expect(listeners.size).toBe(0)
  })

  it('a refused start shows why, changes nothing, and lets the user try again', async () => {
    const start = scripted(
      fail({ code: 'bad_input', message: 'The typed count does not match the 2 keys.' }),
      ok(view('running', result('k1', 'pending'), result('k2', 'pending')))
    )
    const { run } = setup(start.fn)
    expect(await run.start()).toBe(false)
    expect(start.calls).toEqual([])
    await run.loadPlan()
    expect(await run.start({ count: 3, scope: plan.scope })).toBe(false)
    expect([run.phase, run.runId, run.results, run.action.busy]).toEqual(['confirm', undefined, [], false])
    expect([run.action.error?.message, run.action.title]).toEqual([
      'The typed count does not match the 2 keys.',
      'Nothing was changed'
    ])
    expect(await run.start({ count: 2, scope: plan.scope })).toBe(true)
    await settle()
    expect([run.phase, run.action.error, start.calls.length]).toEqual(['running', undefined, 2])
  })
})
