import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow } from 'electron'
import { isTrustedOrigin } from './app/app-origin'
import { handleAppProtocol, registerAppScheme } from './app/protocol'
import { hardenApp, hardenSession } from './app/security'
import { createMainWindow } from './app/window'
import { installIpc } from './ipc/handle'
import { createDispatcher, EgressError } from './ipc/dispatch'
import { createHandlers } from './ipc/register'
import { electronPlatform } from './platform/electron-platform'
import { dataDir } from './platform/paths'
import { createCore, type Core } from './services/core'
import { closeSharedPool } from './services/files'
import { reminderNotifier, scheduleReminders } from './services/posture'

// Composition root only: harden, build the core, wire IPC, open the window.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL']
const rendererRoot = join(fileURLToPath(new URL('.', import.meta.url)), '../renderer')

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  registerAppScheme()
  hardenApp(devServerUrl)
  let core: Core | undefined

  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  void app.whenReady().then(async () => {
    hardenSession()
    handleAppProtocol(rendererRoot)
    core = await createCore({
      dataDir: dataDir(),
      appName: app.getName(),
      appVersion: app.getVersion(),
      platform: electronPlatform(),
      versions: {
        electron: process.versions.electron ?? '',
        chrome: process.versions.chrome ?? '',
        node: process.versions.node
      }
    })
    const reminders = reminderNotifier(core)
    const stopReminders = scheduleReminders(core, reminders)
    core.onClose(async () => stopReminders())
    core.indexRescan.start()
    const dispatch = createDispatcher(createHandlers(core, { reminders }), {
      isTrustedOrigin: (url) => isTrustedOrigin(url, devServerUrl),
      onRefused: (channel, reason) => core?.logger.warn('ipc refused', { channel, reason }),
      onError: (channel, error) =>
        core?.logger.error('ipc handler failed', {
          channel,
          error: error instanceof EgressError ? error.message : error instanceof Error ? error.name : typeof error
        }),
      checkEgress: !app.isPackaged
    })
    installIpc(dispatch)
    const open = () => createMainWindow({ devServerUrl, devTools: !app.isPackaged })
    open()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let closing = false
  app.on('will-quit', (event) => {
    if (closing || !core) return
    // Let running file jobs cancel and clean up before the process exits.
    event.preventDefault()
    closing = true
    void core
      .close()
      .then(() => closeSharedPool())
      .finally(() => app.quit())
  })
}
