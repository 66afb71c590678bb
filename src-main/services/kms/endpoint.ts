import { isIP } from 'node:net'
import { badInput } from './errors'

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (h === 'localhost' || h.endsWith('.localhost')) return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1'
  return false
}

/**
 * Parses and checks an API endpoint: https everywhere, plain http only for loopback (the local
 * sandbox), no credentials, query or fragment. Returns the origin plus any base path.
 */
export function parseEndpoint(endpoint: string): URL {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw badInput(
      `"${endpoint}" is not a valid API endpoint URL`,
      'Enter a URL such as https://api.thalassa.cloud.',
      'endpoint'
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw badInput(
      `API endpoint must use https (got ${url.protocol})`,
      'Enter a URL such as https://api.thalassa.cloud.',
      'endpoint'
    )
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw badInput(
      `Plain http is refused for ${url.hostname}: only loopback addresses (the local sandbox) may use http`,
      'Use an https:// endpoint; TLS is always verified for remote servers.',
      'endpoint'
    )
  if (url.username || url.password)
    throw badInput(
      'API endpoint must not contain a user name or password',
      'Remove the credentials from the URL and set them as the profile secret.',
      'endpoint'
    )
  if (url.search || url.hash)
    throw badInput(
      'API endpoint must not contain a query or fragment',
      'Enter only the base URL, e.g. https://api.thalassa.cloud.',
      'endpoint'
    )
  return url
}
