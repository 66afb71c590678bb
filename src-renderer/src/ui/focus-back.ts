/** The main landmark: where focus goes when the element that opened a dialog is gone. */
export const MAIN_ID = 'main-content'

/** Returns focus after a dialog or panel closes: to its opener if still on screen, else to main. */
export function focusBack(opener: Element | null): void {
  queueMicrotask(() => {
    if (opener instanceof HTMLElement && opener.isConnected && opener.offsetParent !== null) opener.focus()
    else document.getElementById(MAIN_ID)?.focus()
  })
}
