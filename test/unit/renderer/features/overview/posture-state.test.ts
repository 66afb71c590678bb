import { describe, expect, it } from 'vitest'
import type { Result } from '@contract/result'
import type { PostureView } from '@contract/schemas/posture'
import { PostureState, type PostureApi } from '../../../../../src-renderer/src/features/overview/posture-state.svelte'
import { fail, ok, pending, scripted, toasts } from '../../fakes'

const view = (keysChecked: number) => ({ keysChecked, findings: [], regions: [], errors: [] }) as unknown as PostureView

function setup(exportReport?: unknown) {
  const t = toasts()
  const asked: { allProjects: boolean; answer: ReturnType<typeof pending<Result<PostureView>>> }[] = []
  const overview = (req: { allProjects: boolean }) => {
    const answer = pending<Result<PostureView>>()
    asked.push({ allProjects: req.allProjects, answer })
    return answer.promise
  }
  const posture = new PostureState({ posture: { overview, exportReport } } as unknown as PostureApi, t)
  return { posture, asked, t }
}

describe('the findings queue', () => {
  it('shows the answer for the current scope choice; a late answer for the earlier choice is dropped', async () => {
    const { posture, asked } = setup()
    const local = posture.load()
    posture.allProjects = true
    const every = posture.load()
    expect(posture.loading).toBe(true)
    asked[1]!.answer.answer(ok(view(20)))
    await every
    asked[0]!.answer.answer(ok(view(3)))
    expect(await local).toBe(false)
    expect([asked.map((a) => a.allProjects), posture.view?.keysChecked, posture.loading]).toEqual([
      [false, true],
      20,
      false
    ])
  })

  it('a failed check shows the error with loading reset; the retry clears it', async () => {
    const { posture, asked } = setup()
    const first = posture.load()
    asked[0]!.answer.answer(fail({ code: 'network', message: 'could not reach the KMS' }))
    await first
    expect([posture.error?.code, posture.loading, posture.view]).toEqual(['network', false, undefined])
    const retry = posture.load()
    asked[1]!.answer.answer(ok(view(2)))
    await retry
    expect([posture.error, posture.view?.keysChecked]).toEqual([undefined, 2])
  })

  it('the inventory export says where it went; a cancel says nothing; a failure is toasted', async () => {
    const saved = scripted(
      ok({ cancelled: false, path: '/tmp/inventory.csv' }),
      ok({ cancelled: true }),
      fail({ code: 'io', message: 'The folder is read-only.' })
    )
    const { posture, t } = setup(saved.fn)
    for (const format of ['csv', 'json', 'html'] as const) await posture.exportReport(format)
    expect(saved.calls).toEqual([
      { format: 'csv', allProjects: false, allProfiles: false },
      { format: 'json', allProjects: false, allProfiles: false },
      { format: 'html', allProjects: false, allProfiles: false }
    ])
    expect(t.seen).toEqual([
      ['ok', 'Key inventory saved to /tmp/inventory.csv'],
      ['error', 'The folder is read-only.']
    ])
    expect(posture.exporting.busy).toBe(false)
  })
})
