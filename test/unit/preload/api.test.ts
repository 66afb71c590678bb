import { describe, expect, it, vi } from 'vitest'
import { createApi, type Transport } from '../../../src-preload/api'
import { channels } from '@contract/channels'

function fakeTransport() {
  const invoke = vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } }))
  const listeners = new Map<string, (p: unknown) => void>()
  const transport: Transport = {
    invoke,
    subscribe: (event, l) => {
      listeners.set(event, l)
      return () => listeners.delete(event)
    },
    // As webUtils.getPathForFile: a TypeError for anything but a File, '' for a File not on disk.
    pathForFile: (f) => {
      if (!(f instanceof File)) throw new TypeError('Expected a File')
      return f.name.startsWith('disk-') ? `/abs/${f.name}` : ''
    }
  }
  return { transport, invoke, listeners }
}

describe('createApi', () => {
  it('derives one method per contract channel, camel-cased by domain', async () => {
    const { transport, invoke } = fakeTransport()
    const api = createApi(transport, Object.keys(channels))
    const r = await api.profiles.list()
    expect(invoke).toHaveBeenCalledWith('profiles:list', undefined)
    expect(r).toEqual({ ok: true, value: { channel: 'profiles:list', payload: undefined } })
    expect(typeof api.app.info).toBe('function')
  })

  it('camel-cases multi-word verbs', () => {
    const { transport } = fakeTransport()
    const api = createApi(transport, ['profiles:test-connection']) as unknown as Record<string, Record<string, unknown>>
    expect(typeof api['profiles']?.['testConnection']).toBe('function')
  })

  it('subscribes to events and unsubscribes', () => {
    const { transport, listeners } = fakeTransport()
    const api = createApi(transport, [])
    const got: unknown[] = []
    const off = api.on('profiles:changed', (p) => got.push(p))
    listeners.get('profiles:changed')?.({ activeId: 'p' })
    off()
    expect(got).toEqual([{ activeId: 'p' }])
    expect(listeners.has('profiles:changed')).toBe(false)
  })

  it('is frozen so the page cannot swap methods', () => {
    const { transport } = fakeTransport()
    const api = createApi(transport, Object.keys(channels))
    expect(Object.isFrozen(api)).toBe(true)
    expect(Object.isFrozen(api.files)).toBe(true)
  })
})

describe('the window cannot mint path handles from strings', () => {
  it('has no method for the drop channel: a drop goes through files.drop(File[]) only', async () => {
    const { transport, invoke } = fakeTransport()
    const api = createApi(transport, Object.keys(channels)) as unknown as Record<
      string,
      Record<string, (p?: unknown) => Promise<unknown>>
    >
    expect(Object.keys(api['files'] ?? {})).not.toContain('inspect')
    const r = await (api['files']?.['drop'] as (f: File[]) => Promise<unknown>)([
      new File(['x'], 'disk-a.txt'),
      new File(['y'], 'made-up.txt')
    ])
    expect(invoke).toHaveBeenCalledTimes(1)
    expect(invoke).toHaveBeenCalledWith('files:drop', { paths: ['/abs/disk-a.txt'] })
    expect(r).toMatchObject({ ok: true })
  })

  it('a drop of File objects made up in the page (no path on disk) sends nothing to main', async () => {
    const { transport, invoke } = fakeTransport()
    const api = createApi(transport, Object.keys(channels))
    const r = await api.files.drop([new File(['~/.ssh/id_ed25519'], '/home/user/.ssh/id_ed25519')])
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_input' } })
    expect(invoke).not.toHaveBeenCalled()
  })

  it('passing a path string where a File is expected mints nothing either', async () => {
    const { transport, invoke } = fakeTransport()
    const api = createApi(transport, Object.keys(channels))
    const hostile = api.files.drop as unknown as (x: unknown) => Promise<unknown>
    await expect(hostile(['/home/user/.bashrc'])).rejects.toThrow(TypeError)
    expect(invoke).not.toHaveBeenCalled()
  })
})
