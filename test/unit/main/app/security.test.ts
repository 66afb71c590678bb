import { EventEmitter } from 'node:events'
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const permissionHandlers: {
    request?: (wc: unknown, p: string, cb: (ok: boolean) => void) => void
    check?: () => boolean
    device?: () => boolean
  } = {}
  return {
    permissionHandlers,
    openExternal: vi.fn(async () => undefined),
    enableSandbox: vi.fn(),
    appOn: vi.fn()
  }
})

vi.mock('electron', () => ({
  app: { enableSandbox: electron.enableSandbox, on: electron.appOn },
  shell: { openExternal: electron.openExternal },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: typeof electron.permissionHandlers.request) =>
        (electron.permissionHandlers.request = h),
      setPermissionCheckHandler: (h: () => boolean) => (electron.permissionHandlers.check = h),
      setDevicePermissionHandler: (h: () => boolean) => (electron.permissionHandlers.device = h)
    }
  }
}))

const { guardWebContents, hardenApp, hardenSession, safeOpenExternal } = await import('../../../../src-main/app/security')

class FakeContents extends EventEmitter {
  openHandler?: (d: { url: string }) => { action: string }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h
  }
}

function navigate(contents: FakeContents, event: string, url: string): boolean {
  let prevented = false
  contents.emit(event, { preventDefault: () => (prevented = true) }, url)
  return prevented
}

describe('web contents guard', () => {
  let contents: FakeContents
  beforeEach(() => {
    contents = new FakeContents()
    electron.openExternal.mockClear()
    guardWebContents(contents as never)
  })

  it('denies navigation away from the app, allows the app itself', () => {
    expect(navigate(contents, 'will-navigate', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(navigate(contents, 'will-redirect', 'https://evil.example/')).toBe(true)
    expect(navigate(contents, 'will-navigate', 'app://kms/index.html')).toBe(false)
  })

  it('denies every new window; allow-listed https links go to the system browser, others nowhere', () => {
    expect(contents.openHandler?.({ url: 'https://docs.thalassa.cloud/' })).toEqual({ action: 'deny' })
    expect(electron.openExternal).toHaveBeenCalledWith('https://docs.thalassa.cloud/')
    electron.openExternal.mockClear()
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'http://plain.example/' })).toEqual({ action: 'deny' })
    expect(contents.openHandler?.({ url: 'https://attacker.example/phish' })).toEqual({ action: 'deny' })
    expect(electron.openExternal).not.toHaveBeenCalled()
  })

  it('denies webviews', () => {
    let prevented = false
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })

  it('opens only allow-listed https hosts externally', () => {
    expect(safeOpenExternal('javascript:alert(1)')).toBe(false)
    expect(safeOpenExternal('https://any-host.example/')).toBe(false)
    expect(electron.openExternal).not.toHaveBeenCalled()
    expect(safeOpenExternal('https://console.thalassa.cloud/')).toBe(true)
  })
})

describe('process and session hardening', () => {
  it('enables the sandbox for all renderers and guards every new web contents', () => {
    hardenApp()
    expect(electron.enableSandbox).toHaveBeenCalled()
    expect(electron.appOn).toHaveBeenCalledWith('web-contents-created', expect.any(Function))
  })

  it('denies every permission request and check', () => {
    hardenSession()
    const answers: boolean[] = []
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      electron.permissionHandlers.request?.({}, p, (ok) => answers.push(ok))
    expect(answers).toEqual([false, false, false, false])
    expect(electron.permissionHandlers.check?.()).toBe(false)
    expect(electron.permissionHandlers.device?.()).toBe(false)
  })
})
