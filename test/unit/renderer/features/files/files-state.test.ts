import { describe, expect, it, vi } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import type { JobUpdates } from '@contract/schemas/job-updates'
import { ok, settle } from '../../fakes'

const queued = (jobId: string): JobView => ({
  jobId,
  operation: 'encrypt',
  input: `/in/${jobId}`,
  name: jobId,
  state: 'queued',
  bytesDone: 0,
  bytesTotal: 100
})

/** window.kms as the Files screen uses it at start: the jobs main has, and the job:updates events. */
function fakeKms(jobs: JobView[]) {
  let listener: ((m: JobUpdates) => void) | undefined
  const kms = {
    on: (_event: string, l: (m: JobUpdates) => void) => {
      listener = l
      return () => (listener = undefined)
    },
    files: { jobs: () => Promise.resolve(ok(jobs)), prewarm: () => Promise.resolve(ok(undefined)) }
  }
  return {
    kms,
    send: (m: Omit<JobUpdates, 'batchId' | 'totals'>) => listener?.({ ...m, batchId: 'b', totals } as JobUpdates)
  }
}
const totals = { files: 0, ok: 0, failed: 0, cancelled: 0, bytesDone: 0, bytesTotal: 0 }

describe('the Files screen state', () => {
  it('counts queued and running jobs as unfinished (Cancel all stays enabled until every job finished)', async () => {
    const fake = fakeKms([queued('a'), queued('b'), queued('c')])
    vi.stubGlobal('window', { kms: fake.kms })
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => setTimeout(f, 0))
    const { FilesState } = await import('../../../../../src-renderer/src/features/files/files-state.svelte')
    const files = new FilesState()
    const off = files.subscribe()
    await settle()
    expect(files.jobs.length).toBe(3)
    expect(files.running).toBe(3)
    fake.send({ progress: [{ jobId: 'a', bytesDone: 50, bytesTotal: 100 }], done: [{ ...queued('b'), state: 'ok' }] })
    await new Promise((r) => setTimeout(r, 5))
    expect(files.job('a')?.state).toBe('running')
    expect(files.running).toBe(2)
    // A repeated final view finishes nothing more.
    fake.send({ progress: [], done: [{ ...queued('b'), state: 'ok' }] })
    await new Promise((r) => setTimeout(r, 5))
    expect(files.running).toBe(2)
    expect(files.jobs.stats).toMatchObject({ total: 3, done: 1, remaining: 2 })
    off()
    vi.unstubAllGlobals()
  })
})
