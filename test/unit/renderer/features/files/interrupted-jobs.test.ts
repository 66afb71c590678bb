import { describe, expect, it } from 'vitest'
import type { Result } from '@contract/result'
import type { ReencryptJobView } from '@contract/schemas/reencrypt'
import {
  InterruptedJobs,
  type ReencryptJobsApi
} from '../../../../../src-renderer/src/features/files/interrupted-jobs.svelte'
import { fail, ok, pending, scripted } from '../../fakes'

const job = (jobId: string, state: ReencryptJobView['state']): ReencryptJobView => ({
  jobId,
  root: '/data',
  state,
  createdAt: '2026-12-01T10:00:00.000Z',
  files: [
    { path: '/data/a.tkms', state: 'done' },
    { path: '/data/b.tkms', state: 'pending' }
  ],
  unmatched: 0,
  unreadable: []
})

function setup(reencrypt: Record<string, unknown>) {
  const listeners = new Map<string, (p: unknown) => void>()
  const api = {
    reencrypt: { jobs: async () => ok([job('j1', 'interrupted'), job('j0', 'finished')]), ...reencrypt },
    on: (event: string, l: (p: unknown) => void) => (listeners.set(event, l), () => listeners.delete(event))
  } as unknown as ReencryptJobsApi
  const jobs = new InterruptedJobs(api)
  jobs.subscribe()
  return { jobs, emit: (event: string, payload: unknown) => listeners.get(event)?.(payload) }
}

describe('the unfinished re-encryption jobs', () => {
  it('lists only interrupted jobs; a resume runs once and its progress and end arrive as events', async () => {
    const answer = pending<Result<ReencryptJobView>>()
    const resume = scripted<{ jobId: string }, ReencryptJobView>()
    const { jobs, emit } = setup({ resume: (req: { jobId: string }) => (resume.calls.push(req), answer.promise) })
    await jobs.load()
    expect(jobs.jobs.map((j) => j.jobId)).toEqual(['j1'])
    const resuming = jobs.resume('j1')
    expect(await jobs.resume('j1')).toBe(false)
    answer.answer(ok(job('j1', 'interrupted')))
    expect(await resuming).toBe(true)
    expect([resume.calls, jobs.jobs[0]?.state, jobs.action.busy]).toEqual([[{ jobId: 'j1' }], 'running', false])
    emit('reencrypt:progress', { jobId: 'j1', index: 1, total: 2, path: '/data/b.tkms', state: 'done' })
    expect(jobs.jobs[0]?.files[1]?.state).toBe('done')
    emit('reencrypt:done', job('j1', 'finished'))
    expect(jobs.jobs[0]?.state).toBe('finished')
  })

  it('a refused discard shows why and keeps the job; a later discard removes it', async () => {
    const discard = scripted(fail({ code: 'io', message: 'The job file is locked.' }), ok({ discarded: true }))
    const { jobs } = setup({ discard: discard.fn })
    await jobs.load()
    expect(await jobs.discard('j1')).toBe(false)
    expect([jobs.jobs.length, jobs.action.error?.message, jobs.action.busy]).toEqual([
      1,
      'The job file is locked.',
      false
    ])
    expect(await jobs.discard('j1')).toBe(true)
    expect([jobs.jobs, jobs.action.error]).toEqual([[], undefined])
  })
})
