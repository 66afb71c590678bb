import { describe, expect, it, vi } from 'vitest'
import { createApi, type Transport } from '../../../src-preload/api'
import { channels } from '../../../src-preload/contract/channels'

function fakeTransport() {
  const invoke = vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } }))
  const listeners = new Map<string, (p: unknown) => void>()
  const transport: Transport = {
    invoke,
    subscribe: (event, l) => {
      listeners.set(event, l)
      return () => listeners.delete(event)
    },
    pathForFile: (f) => `/abs/${f.name}`
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
    const off = api.on('job:progress', (p) => got.push(p))
    listeners.get('job:progress')?.({ jobId: 'j', bytesDone: 1, bytesTotal: 2 })
    off()
    expect(got).toEqual([{ jobId: 'j', bytesDone: 1, bytesTotal: 2 }])
    expect(listeners.has('job:progress')).toBe(false)
  })

  it('is frozen so the page cannot swap methods', () => {
    const { transport } = fakeTransport()
    const api = createApi(transport, Object.keys(channels))
    expect(Object.isFrozen(api)).toBe(true)
  })
})
