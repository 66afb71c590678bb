import { contextBridge, ipcRenderer, webUtils } from 'electron'
import { createApi, type Transport } from './api'
import { CHANNEL_NAMES } from './contract/channel-names'

// The narrow bridge: named calls derived from the contract, events without the IpcRendererEvent.
const ipcTransport: Transport = {
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe(event, listener) {
    const wrapped = (_e: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  },
  pathForFile: (file) => webUtils.getPathForFile(file)
}

contextBridge.exposeInMainWorld('kms', createApi(ipcTransport, CHANNEL_NAMES))
