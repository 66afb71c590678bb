import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { channels } from '@contract/channels'
import type { EventName, EventPayload } from '@contract/events'
import type { Dispatcher, SenderInfo } from './dispatch'

/** Reduces an Electron event to what the guard checks: frame URL and whether it is the main frame. */
export function senderInfo(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): SenderInfo {
  const frame = event.senderFrame
  if (!frame) return { frameUrl: undefined, isMainFrame: false }
  return { frameUrl: frame.url, isMainFrame: frame.parent === null && frame === event.sender.mainFrame }
}

function emitterFor(sender: WebContents) {
  return <E extends EventName>(event: E, payload: EventPayload<E>) => {
    if (!sender.isDestroyed()) sender.send(event, payload)
  }
}

/** The only ipcMain.handle caller: every contract channel goes through the dispatcher's guard. */
export function installIpc(dispatch: Dispatcher): () => void {
  const names = Object.keys(channels)
  for (const channel of names) {
    ipcMain.handle(channel, (event, payload: unknown) =>
      dispatch(channel, senderInfo(event), payload, { emit: emitterFor(event.sender) })
    )
  }
  return () => names.forEach((c) => ipcMain.removeHandler(c))
}
