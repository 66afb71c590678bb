import { describe, expect, it, vi } from 'vitest'
import { createDispatcher, type Handlers, type HandlerContext } from '../../../../src-main/ipc/dispatch'
import { KmsError } from '../../../../src-main/services/kms/errors'

const trusted = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const ctx: HandlerContext = { emit: () => undefined }

function setup() {
  const info = vi.fn(async () => ({ name: 'n', version: '1', platform: 'linux', versions: {}, dataDir: '/d' }))
  const list = vi.fn(async () => [])
  const handlers = { 'app:info': info, 'profiles:list': list } as unknown as Handlers
  const refused = vi.fn()
  const dispatch = createDispatcher(handlers, {
    isTrustedOrigin: (url) => url.startsWith('app://kms/'),
    onRefused: refused
  })
  return { dispatch, info, list, refused }
}

describe('IPC dispatch guard', () => {
  it('calls the handler for a contract channel from our main frame', async () => {
    const { dispatch, info } = setup()
    const r = await dispatch('app:info', trusted, undefined, ctx)
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ name: 'n' }) })
    expect(info).toHaveBeenCalledTimes(1)
  })

  it('refuses an unknown channel without calling anything', async () => {
    const { dispatch, info, list, refused } = setup()
    const r = await dispatch('keys:steal', trusted, undefined, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc_unknown_channel' } })
    expect(info).not.toHaveBeenCalled()
    expect(list).not.toHaveBeenCalled()
    expect(refused).toHaveBeenCalledWith('keys:steal', 'unknown channel')
  })

  it('refuses a sender from another origin', async () => {
    const { dispatch, info } = setup()
    const r = await dispatch('app:info', { frameUrl: 'https://evil.example/', isMainFrame: true }, undefined, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc_forbidden_sender' } })
    expect(info).not.toHaveBeenCalled()
  })

  it('refuses a sub-frame even of our own origin', async () => {
    const { dispatch, info } = setup()
    const r = await dispatch('app:info', { frameUrl: 'app://kms/index.html', isMainFrame: false }, undefined, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc_forbidden_sender' } })
    expect(info).not.toHaveBeenCalled()
  })

  it('refuses a sender whose frame is gone', async () => {
    const { dispatch, info } = setup()
    const r = await dispatch('app:info', { frameUrl: undefined, isMainFrame: true }, undefined, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc_forbidden_sender' } })
    expect(info).not.toHaveBeenCalled()
  })

  it('refuses a malformed payload and says what was wrong', async () => {
    const { dispatch, info } = setup()
    const r = await dispatch('app:info', trusted, { unexpected: true }, ctx)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('ipc_invalid_request')
      expect(r.error.message).toContain('app:info')
    }
    expect(info).not.toHaveBeenCalled()
  })

  it('turns an unexpected handler failure into an internal error without its text or stack', async () => {
    const handlers = {
      'app:info': async () => {
        throw new Error('secret detail /home/user/token tc_pat_abc')
      },
      'profiles:list': async () => []
    } as unknown as Handlers
    const dispatch = createDispatcher(handlers, { isTrustedOrigin: () => true })
    const r = await dispatch('app:info', trusted, undefined, ctx)
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(r)).not.toContain('tc_pat_abc')
    expect(JSON.stringify(r)).not.toContain('at ')
  })

  it('passes through an AppFailure with its stable AppError (a look-alike is internal: see error-model.test.ts)', async () => {
    const failure = new KmsError({ code: 'not_found_or_no_access', message: 'Key not found', status: 404 })
    const handlers = {
      'app:info': async () => {
        throw failure
      },
      'profiles:list': async () => []
    } as unknown as Handlers
    const dispatch = createDispatcher(handlers, { isTrustedOrigin: () => true })
    const r = await dispatch('app:info', trusted, undefined, ctx)
    expect(r).toEqual({ ok: false, error: { code: 'not_found_or_no_access', message: 'Key not found', status: 404 } })
  })
})
