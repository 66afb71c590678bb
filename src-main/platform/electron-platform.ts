import { BrowserWindow, clipboard, dialog, shell } from 'electron'
import type { Platform } from '../services/platform'

/** Native dialogs, shell and clipboard for the core; main trusts only paths that come from here or from a validated drop. */
export function electronPlatform(): Platform {
  const parent = () => BrowserWindow.getFocusedWindow() ?? undefined
  return {
    async chooseSavePath({ title, defaultName }) {
      const win = parent()
      const r = win ? await dialog.showSaveDialog(win, { title, defaultPath: defaultName }) : await dialog.showSaveDialog({ title, defaultPath: defaultName })
      return r.canceled ? undefined : r.filePath
    },
    async chooseOpenPaths({ title, directories, multiple }) {
      const properties: ('openFile' | 'openDirectory' | 'multiSelections')[] = [directories ? 'openDirectory' : 'openFile']
      if (multiple) properties.push('multiSelections')
      const win = parent()
      const r = win ? await dialog.showOpenDialog(win, { title, properties }) : await dialog.showOpenDialog({ title, properties })
      return r.canceled ? [] : r.filePaths
    },
    showInFolder: (path) => shell.showItemInFolder(path),
    writeClipboard: (text) => clipboard.writeText(text),
    readClipboard: () => clipboard.readText()
  }
}
