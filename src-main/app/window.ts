import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, nativeTheme } from 'electron'
import { APP_ENTRY } from './app-origin'

const here = fileURLToPath(new URL('.', import.meta.url))

export interface WindowOptions {
  devServerUrl?: string
  devTools: boolean
}

/** The one BrowserWindow factory: sandboxed, isolated, no Node in the renderer. */
export function createMainWindow(o: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Thalassa KMS Desktop',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1720' : '#f7f9fb',
    webPreferences: {
      // Reviewed: the preload exposes only the contract-derived API (src-preload/index.ts), no Electron or Node objects.
      preload: join(here, '../preload/index.cjs') /* eng-disable PRELOAD_JS_CHECK */,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      devTools: o.devTools
    }
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(o.devServerUrl ?? APP_ENTRY)
  return win
}
