import { app, session, shell, type WebContents } from 'electron'
import { isSafeExternalUrl, isTrustedOrigin } from './app-origin'

/** Opens a link in the system browser, only https to the allow-listed Thalassa hosts. */
export function safeOpenExternal(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false
  // Reviewed: only https URLs of allow-listed hosts reach the system browser (isSafeExternalUrl above).
  void shell.openExternal(url) /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  return true
}

/** Navigation, new windows and webviews are denied; allow-listed https links go to the system browser. */
export function guardWebContents(contents: WebContents, devServerUrl?: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isTrustedOrigin(url, devServerUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isTrustedOrigin(url, devServerUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    safeOpenExternal(url)
    return { action: 'deny' }
  })
}

/** Process-wide hardening; call before `app.ready`. */
export function hardenApp(devServerUrl?: string): void {
  app.enableSandbox()
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, devServerUrl))
}

/** Session hardening; call after `app.ready`. No permission is ever granted to the renderer. */
export function hardenSession(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
}
