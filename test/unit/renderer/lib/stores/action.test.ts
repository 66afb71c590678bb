import { describe, expect, it } from 'vitest'
import type { AppError } from '@contract/errors'
import { KmsCallError } from '@lib/call'
import { Action } from '@lib/stores/action.svelte'
import { toasts } from '../../fakes'

const refused: AppError = {
  code: 'no_write_access',
  message: 'Your token cannot change keys here.',
  hint: 'Ask for the KMS admin role.'
}

describe('the action helper', () => {
  it('is busy while the call runs and toasts the success from the answer', async () => {
    const t = toasts()
    const action = new Action({ errors: 'toast', toasts: t })
    let finish: (v: number) => void = () => undefined
    const running = action.run(() => new Promise<number>((r) => (finish = r)), { done: (v) => `Rotated to v${v}` })
    expect(action.busy).toBe(true)
    finish(3)
    expect(await running).toEqual({ ok: true, value: 3 })
    expect(action.busy).toBe(false)
    expect(t.seen).toEqual([['ok', 'Rotated to v3']])
  })

  it('toasts a failure with its hint in toast mode, tells onerror, and is not busy after', async () => {
    const t = toasts()
    const told: string[] = []
    const action = new Action({ errors: 'toast', toasts: t, onerror: (e) => void told.push(e.code) })
    const r = await action.run(() => Promise.reject(new KmsCallError(refused)), { done: 'never said' })
    expect(r).toEqual({ ok: false, error: refused })
    expect(t.seen).toEqual([['error', refused.message, refused.hint]])
    expect([told, action.busy, action.error]).toEqual([['no_write_access'], false, undefined])
    await action.run(() => Promise.reject(new KmsCallError(refused)), { title: 'Export failed', hint: 'not used' })
    expect(t.seen[1]).toEqual(['error', `Export failed: ${refused.message}`, refused.hint])
    await action.run(() => Promise.reject(new Error('out of range')), { hint: 'Use whole numbers.' })
    expect(t.seen[2]).toEqual(['error', 'out of range', 'Use whole numbers.'])
  })

  it('keeps a failure for the compact panel in panel mode, with its title, until the next run', async () => {
    const t = toasts()
    const action = new Action({ errors: 'panel', toasts: t })
    await action.run(() => Promise.reject(new Error('disk full')), { title: 'The settings were not saved' })
    expect(action.error).toEqual({ code: 'internal', message: 'disk full' })
    expect(action.title).toBe('The settings were not saved')
    expect(t.seen).toEqual([])
    await action.run(async () => 'fine', { done: { kind: 'info', text: 'Nothing changed' } })
    expect([action.error, action.title]).toEqual([undefined, undefined])
    expect(t.seen).toEqual([['info', 'Nothing changed']])
  })

  it('stays busy until every overlapping run has finished', async () => {
    const action = new Action({ errors: 'panel' })
    let first: () => void = () => undefined
    const a = action.run(() => new Promise<void>((r) => (first = r)))
    const b = action.run(() => Promise.resolve())
    await b
    expect(action.busy).toBe(true)
    first()
    await a
    expect(action.busy).toBe(false)
  })

  it('names which action runs, so only its button waits, and forgets it when the run ends either way', async () => {
    const action = new Action({ errors: 'panel' })
    let finish: () => void = () => undefined
    const testing = action.run(() => new Promise<void>((r) => (finish = r)), { what: 'test:p1' })
    expect([action.doing, action.running('test:p1'), action.running('test:p2')]).toEqual(['test:p1', true, false])
    const failing = action.run(() => Promise.reject(new Error('no route')), { what: 'use:p2' })
    expect(action.doing).toBe('use:p2')
    await failing
    expect([action.doing, action.busy]).toEqual(['test:p1', true])
    finish()
    await testing
    expect([action.doing, action.busy, action.running('test:p1')]).toEqual([undefined, false, false])
  })
})
