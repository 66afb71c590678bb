import { createApi, type KmsApi, type Transport } from '../../../src-preload/api'
import { CHANNEL_NAMES } from '@contract/channel-names'

// Injected with page.addInitScript: window.kms over a WebSocket to the bridge instead of IPC.
declare global {
  interface Window {
    kms: KmsApi
    __bridgeFilePaths?: Record<string, string>
  }
}

type Reply = { id: number; result: unknown } | { event: string; payload: unknown }

const socket = new WebSocket(`ws://${location.host}/bridge`)
const ready = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()))
const pending = new Map<number, (value: unknown) => void>()
const listeners = new Map<string, Set<(payload: unknown) => void>>()
let nextId = 1

socket.addEventListener('message', (m: MessageEvent<string>) => {
  const reply = JSON.parse(m.data) as Reply
  if ('id' in reply) {
    pending.get(reply.id)?.(reply.result)
    pending.delete(reply.id)
  } else {
    listeners.get(reply.event)?.forEach((l) => l(reply.payload))
  }
})

const transport: Transport = {
  async invoke(channel, payload) {
    await ready
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, resolve)
      socket.send(JSON.stringify({ id, channel, payload }))
    })
  },
  subscribe(event, listener) {
    const set = listeners.get(event) ?? new Set()
    set.add(listener)
    listeners.set(event, set)
    return () => set.delete(listener)
  },
  // Stands in for webUtils.getPathForFile: a File the test dropped has the path it registered for
  // it (keyed by name, as the OS would know it); anything else has none. Main mints the handles.
  pathForFile: (file) => {
    if (!(file instanceof File)) throw new TypeError('Expected a File')
    return window.__bridgeFilePaths?.[file.name] ?? ''
  }
}

// The zod-free name list, as the real preload uses: the contract's schemas would make this script
// 0.8 MB, compiled and run again on every page load.
window.kms = createApi(transport, CHANNEL_NAMES)
