/**
 * What the core needs from the desktop shell. The Electron adapters in src-main/platform implement
 * it in the app; the UI test bridge and the CLI provide their own.
 */
export interface Platform {
  /** Native save dialog; resolves undefined when the user cancels. */
  chooseSavePath(o: { title: string; defaultName: string }): Promise<string | undefined>
  /** Native open dialog; resolves the chosen files (empty when cancelled). */
  chooseOpenPaths(o: { title: string; directories?: boolean; multiple?: boolean }): Promise<string[]>
  showInFolder(path: string): void
  writeClipboard(text: string): Promise<void>
  readClipboard(): Promise<string>
}

/** A platform with no UI: dialogs answer from a queue (tests) or are cancelled (headless). */
export function headlessPlatform(answers: { save?: string[]; open?: string[][] } = {}): Platform & { clipboard: string } {
  const state = { clipboard: '' }
  return {
    get clipboard() {
      return state.clipboard
    },
    chooseSavePath: async () => answers.save?.shift(),
    chooseOpenPaths: async () => answers.open?.shift() ?? [],
    showInFolder: () => undefined,
    writeClipboard: async (t) => {
      state.clipboard = t
    },
    readClipboard: async () => state.clipboard
  }
}
