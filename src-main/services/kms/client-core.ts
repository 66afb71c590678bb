import type { z } from 'zod'
import type { Dispatcher } from 'undici'
import type { KmsKey } from '@contract/schemas/kms'
import type { KnownKey } from './classify'
import { AppFailure, badInput, type ErrorContext } from './errors'
import { call, type HttpCore, type RequestSpec, type RetryInfo, type WireObserver } from './http'
import { retryPolicy, type RetryOptions } from './retry'
import { DEFAULT_TIMEOUTS, createDispatcher, parseEndpoint, type ProxyEnv, type Timeouts } from './transport'
import { silentLogger, type Logger } from '../log/logger'

export interface AuthProvider {
  /** The full Authorization header value, e.g. "Token tc_pat_…" or "Bearer …". */
  authorization(signal?: AbortSignal): Promise<string>
  /** Drop any cached token (called once after a 401). */
  invalidate?(): void
  /** The only origin this credential may be sent to; a client for another endpoint refuses it. */
  readonly origin?: string
}

export interface KmsClientOptions {
  endpoint: string
  /** Organisation slug or identity (X-Organisation-Identity); empty for discovery calls only. */
  organisation: string
  /** Project identity or slug; a slug is resolved to its identity through /v1/projects once. */
  project?: string
  auth: AuthProvider
  userAgent?: string
  /** Extra PEM CA certificates trusted on top of the system roots. */
  caBundle?: string
  timeouts?: Timeouts
  retry?: RetryOptions
  /** Proxy variables (pass `process.env` in the app); loopback endpoints never use a proxy. */
  proxyEnv?: ProxyEnv
  /** Inject a dispatcher (tests: undici MockAgent); the client then does not own or close it. */
  dispatcher?: Dispatcher
  logger?: Logger
  onRetry?: (info: RetryInfo) => void
  /** The wire log (`--debug-http`, the Settings switch): sees each request and answer, redacts itself. */
  wire?: WireObserver
}

export interface CallOpts {
  signal?: AbortSignal
}

export const DEFAULT_USER_AGENT = `ThalassaKMSDesktop/0.1.0 (${process.platform}; node ${process.versions.node})`

/**
 * One path segment of a request (region, key id). `.` and `..` are refused before sending: they
 * travel unencoded and a server or proxy would resolve them into another endpoint.
 */
export function seg(s: string, what: string): string {
  if (!s || typeof s !== 'string') throw badInput(`${what} is required`, `Pick a ${what} first.`, what)
  if (s === '.' || s === '..')
    throw badInput(`"${s}" is not a valid ${what}`, `Give the ${what} by its name or identity.`, what)
  return encodeURIComponent(s)
}

/** What every endpoint group of the client shares: the transport and what the client has learnt. */
export class ClientCore {
  readonly http: HttpCore
  /** False when the caller injected the dispatcher: the caller closes it then. */
  readonly ownsDispatcher: boolean
  readonly organisation: string
  readonly project: string | undefined
  /** Regions the last summary listed as without KMS. */
  readonly unavailable = new Set<string>()
  /** What the last read said about each key (`region/identity` and `region/slug`), to classify 400s. */
  readonly known = new Map<string, KnownKey>()
  /** The project identity lookup, made once (forgotten when it fails). */
  projectLookup: Promise<string | undefined> | undefined

  constructor(o: KmsClientOptions, resolveProject: (c: ClientCore) => Promise<string | undefined>) {
    const url = parseEndpoint(o.endpoint)
    if (o.auth.origin !== undefined && o.auth.origin !== url.origin)
      throw new AppFailure({
        code: 'secret_missing',
        message: `The credential was entered for ${o.auth.origin} and is never sent to ${url.origin}`,
        hint: 'Enter the token or client secret again for this endpoint.'
      })
    const timeouts = { ...DEFAULT_TIMEOUTS, ...o.timeouts }
    this.ownsDispatcher = !o.dispatcher
    this.organisation = o.organisation
    this.project = o.project || undefined
    const fixed: Record<string, string> = {
      accept: 'application/json',
      'user-agent': o.userAgent ?? DEFAULT_USER_AGENT
    }
    if (o.organisation) fixed['x-organisation-identity'] = o.organisation
    this.http = {
      dispatcher:
        o.dispatcher ?? createDispatcher({ endpoint: url, timeouts, caBundle: o.caBundle, proxyEnv: o.proxyEnv }),
      origin: url.origin,
      basePath: url.pathname.replace(/\/+$/, ''),
      fixedHeaders: fixed,
      ...(this.project ? { projectIdentity: () => resolveProject(this) } : {}),
      ...(o.wire ? { wire: o.wire } : {}),
      authorization: () => o.auth.authorization(),
      invalidateAuth: o.auth.invalidate ? () => o.auth.invalidate?.() : undefined,
      retry: retryPolicy(o.retry),
      logger: o.logger ?? silentLogger,
      regionKnownUnavailable: (r) => this.unavailable.has(r),
      onRetry: o.onRetry
    }
  }

  ctx(action: string, region?: string, keyId?: string): ErrorContext {
    return { action, region, keyId, organisation: this.organisation || undefined }
  }

  run<S extends z.ZodType>(spec: Omit<RequestSpec<S>, 'signal'>, o?: CallOpts): Promise<z.infer<S>> {
    return call(this.http, o?.signal ? { ...spec, signal: o.signal } : spec)
  }

  remember<K extends KmsKey>(region: string, k: K): K {
    const known = { keyType: k.keyType, status: k.status, exportAllowed: k.exportAllowed }
    this.known.set(`${region}/${k.identity}`, known)
    if (k.slug) this.known.set(`${region}/${k.slug}`, known)
    return k
  }

  keyPath(region: string, id: string, suffix = ''): string {
    return `/v1/kms/${seg(region, 'region')}/keys/${seg(id, 'key')}${suffix}`
  }
}
