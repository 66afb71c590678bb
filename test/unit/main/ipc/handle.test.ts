import { describe, expect, it, vi } from 'vitest'
import { channels } from '@contract/channels'

const handled = vi.hoisted(() => new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>())
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => handled.set(channel, fn),
    removeHandler: (channel: string) => handled.delete(channel)
  }
}))

const { installIpc, senderInfo } = await import('../../../../src-main/ipc/handle')

function eventFrom(url: string, sub = false) {
  const main = { url, parent: null }
  const frame = sub ? { url, parent: main } : main
  return { senderFrame: frame, sender: { mainFrame: main, isDestroyed: () => false, send: vi.fn() } }
}

describe('ipcMain wiring', () => {
  it('registers every contract channel, all through the dispatcher', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 1 }))
    const uninstall = installIpc(dispatch)
    expect([...handled.keys()].sort()).toEqual(Object.keys(channels).sort())
    await handled.get('app:info')?.(eventFrom('app://kms/index.html'), undefined)
    expect(dispatch).toHaveBeenCalledWith(
      'app:info',
      { frameUrl: 'app://kms/index.html', isMainFrame: true },
      undefined,
      expect.anything()
    )
    uninstall()
    expect(handled.size).toBe(0)
  })

  it('reports a sub-frame as not the main frame and a missing frame as unknown', () => {
    expect(senderInfo(eventFrom('app://kms/index.html', true) as never)).toEqual({
      frameUrl: 'app://kms/index.html',
      isMainFrame: false
    })
    expect(senderInfo({ senderFrame: null, sender: {} } as never)).toEqual({ frameUrl: undefined, isMainFrame: false })
  })
})
