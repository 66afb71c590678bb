import { describe, expect, it } from 'vitest'
import type { AppError } from '@contract/errors'
import type { Result } from '@contract/result'
import type { ImportReportView, WrappingKeyView } from '@contract/schemas/byok'
import { ByokWizardState, type ByokApi } from '../../../../../src-renderer/src/features/byok/byok-wizard.svelte'
import { fail, ok, pending, scripted } from '../../fakes'

const wk = { id: 'wk-1', source: 'kms', fingerprint: 'ab:cd' } as unknown as WrappingKeyView
const report = { imported: true } as unknown as ImportReportView
const denied: AppError = { code: 'no_write_access', message: 'Your token cannot import keys here.' }

function wizard(byok: Partial<Record<keyof ByokApi['byok'], unknown>>) {
  const told: string[] = []
  const w = new ByokWizardState({ byok } as unknown as ByokApi, (e) => void told.push(e.code))
  return { w, told }
}

describe('the BYOK wizard', () => {
  it('names the call on its way, keeps what main answered, and is idle after', async () => {
    const answer = pending<Result<WrappingKeyView>>()
    const { w } = wizard({ fetchWrappingKey: () => answer.promise })
    const fetching = w.fetchWrappingKey('nl-01')
    expect(w.busy).toBe('fetch')
    answer.answer(ok(wk))
    await fetching
    expect([w.wrappingKey, w.busy, w.error]).toEqual([wk, undefined, undefined])
  })

  it('a refused import shows why in the panel, tells the permissions, and keeps the bundle to try again', async () => {
    const imp = scripted(fail(denied), ok(report))
    const loaded = ok({ cancelled: false, bundle: { region: 'nl-01' }, id: 'b-1', fileName: 'k.tkms-byok' })
    const { w, told } = wizard({ importBundle: imp.fn, loadBundle: async () => loaded })
    await w.loadBundle()
    await w.importBundle('nl-01')
    expect([w.error, w.busy, w.report, w.bundleId, told]).toEqual([
      denied,
      undefined,
      undefined,
      'b-1',
      ['no_write_access']
    ])
    await w.importBundle('nl-01')
    expect([w.error, w.report, w.bundleId]).toEqual([undefined, report, undefined])
    // The bundle was used: a second click imports nothing.
    await w.importBundle('nl-01')
    expect(imp.calls).toEqual([
      { bundleId: 'b-1', region: 'nl-01' },
      { bundleId: 'b-1', region: 'nl-01' }
    ])
  })

  it('moving to another step forgets the failure shown for the previous one', async () => {
    const { w } = wizard({ fetchWrappingKey: async () => fail(denied) })
    await w.fetchWrappingKey()
    expect(w.error).toEqual(denied)
    w.goTo(2)
    expect([w.error, w.step]).toEqual([undefined, 2])
  })
})
