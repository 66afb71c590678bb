import { describe, expect, it, vi } from 'vitest'
import { createDispatcher, type HandlerContext, type Handlers } from '../../../../src-main/ipc/dispatch'
import { channels } from '@contract/channels'
import { events } from '@contract/events'
import { CHANNEL_NAMES, EVENT_NAMES, PRELOAD_ONLY_CHANNELS } from '@contract/channel-names'

const trusted = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const info = { name: 'n', version: '1', platform: 'linux', versions: {}, dataDir: '/d' }

function setup(answer: unknown, checkEgress: boolean, emitted?: (emit: HandlerContext['emit']) => void) {
  const onError = vi.fn()
  const handlers = {
    'app:info': async (_r: unknown, ctx: HandlerContext) => {
      emitted?.(ctx.emit)
      return answer
    }
  } as unknown as Handlers
  const dispatch = createDispatcher(handlers, { isTrustedOrigin: () => true, onError, checkEgress })
  const sent: [string, unknown][] = []
  const ctx: HandlerContext = { emit: (e, p) => void sent.push([e, p]) }
  return { call: () => dispatch('app:info', trusted, undefined, ctx), onError, sent }
}

describe('IPC egress check (dev and test)', () => {
  it('lets an answer that fits the contract through unchanged', async () => {
    const { call, onError } = setup(info, true)
    expect(await call()).toEqual({ ok: true, value: info })
    expect(onError).not.toHaveBeenCalled()
  })

  it('refuses an answer carrying a field the contract does not name, and never sends it', async () => {
    const { call, onError } = setup({ ...info, token: 'pat-SECRET-value' }, true)
    const r = await call()
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(r)).not.toContain('SECRET')
    const reported = onError.mock.calls[0]?.[1] as Error
    expect(reported.message).toContain('token: not in the contract')
    expect(reported.message).not.toContain('SECRET')
  })

  it('refuses an answer of the wrong shape and says which field', async () => {
    const { call, onError } = setup({ ...info, version: 7 }, true)
    expect(await call()).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect((onError.mock.calls[0]?.[1] as Error).message).toMatch(/app:info.*version/)
  })

  it('is off in a packaged app: the answer passes as the handler gave it', async () => {
    const { call } = setup({ ...info, extra: 1 }, false)
    expect(await call()).toEqual({ ok: true, value: { ...info, extra: 1 } })
  })

  it('drops and reports an event outside the contract, and sends one that fits', async () => {
    const { call, onError, sent } = setup(info, true, (emit) => {
      emit('profiles:changed', { activeId: 'p1' })
      emit('profiles:changed', { activeId: 'p2', secret: 'x' } as never)
    })
    await call()
    expect(sent).toEqual([['profiles:changed', { activeId: 'p1' }]])
    expect((onError.mock.calls[0]?.[1] as Error).message).toContain('secret: not in the contract')
  })
})

describe('zod-free channel names for the preload', () => {
  it('list exactly the contract channels and events, once each', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(channels).sort())
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length)
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort())
    expect(CHANNEL_NAMES).toEqual(expect.arrayContaining([...PRELOAD_ONLY_CHANNELS]))
  })
})
