import { protocol } from 'electron'
import { APP_SCHEME } from './app-origin'
import { serveApp } from './serve-app'

/** Must run before `app.ready`: app:// behaves like https (secure, standard, fetch allowed). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }
  ])
}

export function handleAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, (request) => serveApp(root, request))
}
