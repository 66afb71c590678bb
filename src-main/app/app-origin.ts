import { resolve, sep } from 'node:path'

/** The renderer is served from this privileged scheme and host, never from file://. */
export const APP_SCHEME = 'app'
const APP_HOST = 'kms'
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY = `${APP_ORIGIN}/index.html`

/** Content-Security-Policy for every renderer response: no remote code, no network but our own origin. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Svelte writes style attributes for layout (virtual list heights); scripts stay strict.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'"
].join('; ')

/**
 * Maps an app:// URL to a file under `root`, or undefined when the URL is for another host or
 * would escape the root (`..`, encoded separators, absolute paths).
 */
export function resolveAppPath(root: string, url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined
  let pathname: string
  try {
    pathname = decodeURIComponent(parsed.pathname)
  } catch {
    return undefined
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined
  const base = resolve(root)
  const target = resolve(base, '.' + (pathname === '/' ? '/index.html' : pathname))
  return target.startsWith(base + sep) ? target : undefined
}

/** True for URLs of our own renderer (the app scheme, or the dev server in development). */
export function isTrustedOrigin(url: string, devServerUrl?: string): boolean {
  try {
    const u = new URL(url)
    if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true
    return devServerUrl !== undefined && u.origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}

/** The only hosts a link may open in the system browser: the Thalassa documentation and console. */
const EXTERNAL_HOSTS: readonly string[] = ['docs.thalassa.cloud', 'console.thalassa.cloud']

/**
 * Only https links to an allow-listed host leave the app, and only to the system browser: a
 * compromised window cannot hand an arbitrary URL (or a `user@host` lookalike) to the OS.
 */
export function isSafeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' && u.port === '' && !u.username && !u.password && EXTERNAL_HOSTS.includes(u.hostname)
  } catch {
    return false
  }
}
