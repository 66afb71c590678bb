import { BrowserWindow, clipboard, dialog, Notification, shell } from 'electron'
import type { Platform } from '../services/platform'

/** Native dialogs, shell and clipboard for the core; main trusts only paths that come from here or from a validated drop. */
export function electronPlatform(): Platform {
  const parent = () => BrowserWindow.getFocusedWindow() ?? undefined
  return {
    async chooseSavePath({ title, defaultName }) {
      // macOS and Windows always ask before an existing file is chosen; Linux (GTK) asks with this flag.
      const o = {
        title,
        defaultPath: defaultName,
        properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const]
      }
      const win = parent()
      const r = win ? await dialog.showSaveDialog(win, o) : await dialog.showSaveDialog(o)
      return r.canceled ? undefined : r.filePath
    },
    async chooseOpenPaths({ title, directories, multiple }) {
      const properties: ('openFile' | 'openDirectory' | 'multiSelections')[] = [
        directories ? 'openDirectory' : 'openFile'
      ]
      if (multiple) properties.push('multiSelections')
      const win = parent()
      const r = win
        ? await dialog.showOpenDialog(win, { title, properties })
        : await dialog.showOpenDialog({ title, properties })
      return r.canceled ? [] : r.filePaths
    },
    async confirm({ title, message, detail, confirmLabel }) {
      // Cancel is the default and the Escape answer: only an explicit click replaces anything.
      const o = {
        type: 'warning' as const,
        title,
        message,
        ...(detail ? { detail } : {}),
        buttons: [confirmLabel, 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true
      }
      const win = parent()
      const r = win ? await dialog.showMessageBox(win, o) : await dialog.showMessageBox(o)
      return r.response === 0
    },
    showInFolder: (path) => shell.showItemInFolder(path),
    writeClipboard: async (text) => clipboard.writeText(text),
    readClipboard: async () => clipboard.readText(),
    notify: ({ title, body }) => {
      if (Notification.isSupported()) new Notification({ title, body }).show()
    }
  }
}
