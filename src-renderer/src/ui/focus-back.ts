/** The main landmark: where focus goes when the element that opened a dialog is gone. */
export const MAIN_ID = 'main-content'

/**
 * Returns focus after a dialog or panel (`from`) closes: to its opener if still on screen, else to
 * main. Focus the user has already put somewhere else stays there: the dialog's close event is
 * queued, and Chromium handles input first, so a key or click can land before it.
 */
export function focusBack(opener: Element | null, from: Element | null = null): void {
  queueMicrotask(() => {
    const now = document.activeElement
    if (now && now !== document.body && now !== opener && !from?.contains(now)) return
    if (opener instanceof HTMLElement && opener.isConnected && opener.offsetParent !== null) opener.focus()
    else document.getElementById(MAIN_ID)?.focus()
  })
}
