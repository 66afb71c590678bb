/**
 * What the core needs from the desktop shell. The Electron adapters in src-main/platform implement
 * it in the app; the UI test bridge and the CLI provide their own.
 */
export interface Platform {
  /**
   * Native save dialog; resolves undefined when the user cancels. The dialog itself asks before an
   * existing file may be chosen, so choosing one is a confirmed replacement (see chooseSaveTarget).
   */
  chooseSavePath(o: { title: string; defaultName: string }): Promise<string | undefined>
  /** Native open dialog; resolves the chosen files (empty when cancelled). */
  chooseOpenPaths(o: { title: string; directories?: boolean; multiple?: boolean }): Promise<string[]>
  /** Native confirmation shown by main; true only when the user picked `confirmLabel`. */
  confirm(o: { title: string; message: string; detail?: string; confirmLabel: string }): Promise<boolean>
  showInFolder(path: string): void
  writeClipboard(text: string): Promise<void>
  readClipboard(): Promise<string>
  /** A desktop notification (due reminders); absent where there is no desktop (CLI, headless). */
  notify?(o: { title: string; body: string }): void
}

export interface HeadlessAnswers {
  save?: string[]
  open?: string[][]
  /** Answers to confirmations, in order; none left means "Cancel". */
  confirm?: boolean[]
}

/** A platform with no UI: dialogs answer from a queue (tests) or are cancelled (headless). */
export function headlessPlatform(
  answers: HeadlessAnswers = {}
): Platform & { clipboard: string; confirmations: string[] } {
  const state = { clipboard: '', confirmations: [] as string[] }
  return {
    get clipboard() {
      return state.clipboard
    },
    /** The messages of the confirmations asked so far. */
    confirmations: state.confirmations,
    chooseSavePath: async () => answers.save?.shift(),
    chooseOpenPaths: async () => answers.open?.shift() ?? [],
    confirm: async (o) => {
      state.confirmations.push(o.message)
      return answers.confirm?.shift() ?? false
    },
    showInFolder: () => undefined,
    writeClipboard: async (t) => {
      state.clipboard = t
    },
    readClipboard: async () => state.clipboard
  }
}
