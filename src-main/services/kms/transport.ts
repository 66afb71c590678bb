import { rootCertificates } from 'node:tls'
import type { Dispatcher } from 'undici'
import { Agent, EnvHttpProxyAgent } from './undici-agents'

export interface Timeouts {
  connectMs?: number
  headersMs?: number
  bodyMs?: number
}
export const DEFAULT_TIMEOUTS: Required<Timeouts> = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 }

/** Proxy settings, read from the environment by the caller (so tests stay hermetic). */
export interface ProxyEnv {
  HTTPS_PROXY?: string
  HTTP_PROXY?: string
  NO_PROXY?: string
  https_proxy?: string
  http_proxy?: string
  no_proxy?: string
}

// Endpoint checks live apart from undici, so code that only validates a URL does not load the HTTP stack.
import { isLoopbackHost } from './endpoint'
export { isLoopbackHost, parseEndpoint } from './endpoint'

export interface DispatcherOptions {
  endpoint: URL
  timeouts: Required<Timeouts>
  /** Extra PEM CA certificates, trusted in addition to the system roots. */
  caBundle?: string
  proxyEnv?: ProxyEnv
}

function pick(env: ProxyEnv, upper: keyof ProxyEnv, lower: keyof ProxyEnv): string {
  return env[lower] ?? env[upper] ?? ''
}

/** Whether a proxy would be used for this endpoint (exposed for diagnostics and tests). */
export function proxyFor(endpoint: URL, env: ProxyEnv = {}): string | undefined {
  if (isLoopbackHost(endpoint.hostname)) return undefined
  const proxy =
    endpoint.protocol === 'https:'
      ? pick(env, 'HTTPS_PROXY', 'https_proxy') || pick(env, 'HTTP_PROXY', 'http_proxy')
      : pick(env, 'HTTP_PROXY', 'http_proxy')
  if (!proxy) return undefined
  const noProxy = pick(env, 'NO_PROXY', 'no_proxy')
  const host = endpoint.hostname.toLowerCase()
  for (const raw of noProxy.split(/[,\s]+/).filter(Boolean)) {
    const entry = raw.toLowerCase().replace(/:\d+$/, '')
    if (entry === '*') return undefined
    const bare = entry.replace(/^\*?\./, '')
    if (host === bare || host.endsWith('.' + bare)) return undefined
  }
  return proxy
}

/**
 * One keep-alive dispatcher per client (undici pools connections per origin). TLS verification
 * is never disabled; an extra CA bundle is added to, not substituted for, the system roots.
 */
export function createDispatcher(o: DispatcherOptions): Dispatcher {
  const tls = o.caBundle ? { ca: [...rootCertificates, o.caBundle] } : {}
  const base = {
    keepAliveTimeout: 30_000,
    connect: { timeout: o.timeouts.connectMs, ...tls },
    headersTimeout: o.timeouts.headersMs,
    bodyTimeout: o.timeouts.bodyMs
  }
  // Loopback (the sandbox) never goes through a proxy.
  if (!proxyFor(o.endpoint, o.proxyEnv)) return new Agent(base)
  const env = o.proxyEnv ?? {}
  // Explicit '' values stop undici from reading process.env behind our back.
  return new EnvHttpProxyAgent({
    ...base,
    httpProxy: pick(env, 'HTTP_PROXY', 'http_proxy'),
    httpsProxy: pick(env, 'HTTPS_PROXY', 'https_proxy') || pick(env, 'HTTP_PROXY', 'http_proxy'),
    noProxy: pick(env, 'NO_PROXY', 'no_proxy'),
    requestTls: { ...tls }
  })
}
