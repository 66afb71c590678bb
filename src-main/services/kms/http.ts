import type { Dispatcher } from 'undici'
import type { z } from 'zod'
import { KmsError, badResponse, cancelled, httpError, networkError, timeoutError, type ErrorContext } from './errors'
import { RETRYABLE_STATUS, backoffDelay, parseRetryAfter, type RetryPolicy } from './retry'
import type { Logger } from '../log/logger'

/** Where a request goes and how to authenticate it; the client owns one of these. */
export interface HttpCore {
  dispatcher: Dispatcher
  origin: string
  basePath: string
  /** Headers sent on every request (accept, user-agent, organisation). */
  fixedHeaders: Readonly<Record<string, string>>
  /** The project identity for X-Project-Identity (resolved once from a slug if need be), if any. */
  projectIdentity?: () => Promise<string | undefined>
  /** Sees every request and answer as sent and received (the wire log); it redacts for itself. */
  wire?: WireObserver
  authorization: () => Promise<string>
  invalidateAuth?: () => void
  retry: RetryPolicy
  logger: Logger
  /** Lets the client stop retrying 503s for a region it already knows has no KMS. */
  regionKnownUnavailable: (region: string) => boolean
  onRetry?: (info: RetryInfo) => void
}

export interface WireObserver {
  request(r: { method: string; url: string; headers: Record<string, string>; body: string | undefined }): void
  response(r: {
    method: string
    url: string
    status: number
    headers: Record<string, string | string[] | undefined>
    body: string
    ms: number
  }): void
}

export interface RetryInfo {
  method: string
  path: string
  attempt: number
  delayMs: number
  reason: string
}

export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  query?: Record<string, string | undefined>
  body?: unknown
  /** null: the body is ignored (e.g. 204 No Content). */
  schema: S | null
  /** Listing calls across projects (/v1/projects, memberships): never send X-Project-Identity, as the SDK. */
  unscoped?: boolean
  /** Safe to send twice: GETs and the crypto calls with no side effect. */
  idempotent: boolean
  ctx: ErrorContext
  signal?: AbortSignal
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])
/** Certificate problems do not heal by retrying and deserve their own hint. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ALTNAME/

interface Attempt {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** Classifies a thrown transport error as a KmsError and says whether a retry may help. */
export function transportError(
  err: unknown,
  ctx: ErrorContext,
  origin: string,
  signal?: AbortSignal
): { error: KmsError; retryable: boolean } {
  if (err instanceof KmsError) return { error: err, retryable: false }
  if (signal?.aborted) return { error: cancelled(ctx), retryable: false }
  const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } }
  const code = e.code ?? e.cause?.code ?? e.name ?? 'error'
  if (TIMEOUT_CODES.has(code))
    return { error: timeoutError(ctx, code.replace('UND_ERR_', '').toLowerCase().replace('_', ' ')), retryable: true }
  if (TLS_CODE.test(code)) {
    const error = networkError(ctx, `TLS certificate check failed: ${code}`, origin)
    error.appError.hint =
      'The server certificate is not trusted. If your network uses an inspecting proxy, add its CA bundle to this profile; TLS verification is never turned off.'
    return { error, retryable: false }
  }
  return { error: networkError(ctx, code, origin), retryable: true }
}

function buildPath(core: HttpCore, spec: RequestSpec<z.ZodType>): string {
  if (!spec.query) return core.basePath + spec.path
  const q = Object.entries(spec.query).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
  const qs = q.length ? '?' + new URLSearchParams(q).toString() : ''
  return core.basePath + spec.path + qs
}

interface HeaderSet {
  key: string
  plain: Record<string, string>
  json: Record<string, string>
}
/** The header objects per Authorization value and project, rebuilt only when they change (token refresh). */
const headerSets = new WeakMap<HttpCore, Map<string | undefined, HeaderSet>>()

function headersFor(
  core: HttpCore,
  authorization: string,
  project: string | undefined,
  json: boolean
): Record<string, string> {
  let sets = headerSets.get(core)
  if (!sets) headerSets.set(core, (sets = new Map()))
  let set = sets.get(project)
  if (set?.key !== authorization) {
    const plain = { ...core.fixedHeaders, ...(project ? { 'x-project-identity': project } : {}), authorization }
    set = { key: authorization, plain, json: { ...plain, 'content-type': 'application/json' } }
    sets.set(project, set)
  }
  return json ? set.json : set.plain
}

async function sendOnce(core: HttpCore, spec: RequestSpec<z.ZodType>, path: string): Promise<Attempt> {
  const authorization = await core.authorization()
  const project = spec.unscoped ? undefined : await core.projectIdentity?.()
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body)
  // Shared across calls: spreading the header object per call was the largest per-call cost of
  // the client. undici's Agent only reads it; its ProxyAgent adds `host`, which is the same
  // origin for every call of this client.
  const headers = headersFor(core, authorization, project, body !== undefined)
  const started = core.wire ? performance.now() : 0
  core.wire?.request({ method: spec.method, url: core.origin + path, headers, body })
  const res = await core.dispatcher.request({
    origin: core.origin,
    path,
    method: spec.method,
    headers,
    body,
    signal: spec.signal
  })
  const text = await res.body.text()
  core.wire?.response({
    method: spec.method,
    url: core.origin + path,
    status: res.statusCode,
    headers: res.headers,
    body: text,
    ms: Math.round(performance.now() - started)
  })
  return { status: res.statusCode, headers: res.headers, text }
}

function serverMessage(text: string): string | undefined {
  try {
    const j = JSON.parse(text) as unknown
    if (j && typeof j === 'object' && 'message' in j && typeof j.message === 'string') return j.message
  } catch {
    // Not JSON (a proxy's HTML page, say): fall through to the raw text.
  }
  return text.length ? text : undefined
}

function header(h: Attempt['headers'], name: string): string | undefined {
  const v = h[name]
  return Array.isArray(v) ? v[0] : v
}

function parseBody<T>(schema: z.ZodType<T>, a: Attempt, ctx: ErrorContext): T {
  let json: unknown
  try {
    json = a.text.length ? JSON.parse(a.text) : undefined
  } catch {
    throw badResponse(ctx, 'body is not JSON', a.status)
  }
  const r = schema.safeParse(json)
  // Report where the shape was wrong, never the values (they may be secret).
  if (!r.success)
    throw badResponse(
      ctx,
      r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'body'}: ${i.code}`)
        .join('; '),
      a.status
    )
  return r.data
}

/**
 * One logical call: sends, retries what is safe to retry, refreshes auth once on 401, and maps
 * every failure to a KmsError. Non-idempotent calls are sent exactly once here.
 */
export async function call<S extends z.ZodType>(core: HttpCore, spec: RequestSpec<S>): Promise<z.infer<S>> {
  const path = buildPath(core, spec)
  const p = core.retry
  let waited = 0
  let authRefreshed = false
  for (let attempt = 1; ; attempt++) {
    let failure: KmsError
    let retryable: boolean
    let retryAfterMs: number | undefined
    try {
      const a = await sendOnce(core, spec, path)
      if (a.status >= 200 && a.status < 300)
        return (spec.schema ? parseBody(spec.schema, a, spec.ctx) : undefined) as z.infer<S>
      if (a.status === 401 && !authRefreshed && core.invalidateAuth) {
        // A cached access token may have expired early: refresh once, without a delay.
        authRefreshed = true
        core.invalidateAuth()
        attempt--
        continue
      }
      failure = httpError(a.status, serverMessage(a.text), spec.ctx)
      retryable =
        RETRYABLE_STATUS.has(a.status) &&
        !(a.status === 503 && spec.ctx.region !== undefined && core.regionKnownUnavailable(spec.ctx.region))
      retryAfterMs = parseRetryAfter(header(a.headers, 'retry-after'))
    } catch (err) {
      ;({ error: failure, retryable } = transportError(err, spec.ctx, core.origin, spec.signal))
    }
    const delayMs = backoffDelay(p, attempt, retryAfterMs)
    if (!retryable || !spec.idempotent || attempt >= p.maxAttempts || waited + delayMs > p.maxTotalDelayMs) {
      core.logger.debug('kms call failed', {
        method: spec.method,
        path: spec.path,
        attempt,
        code: failure.code,
        status: failure.appError.status
      })
      throw failure
    }
    waited += delayMs
    core.logger.debug('kms retry', { method: spec.method, path: spec.path, attempt, delayMs, reason: failure.code })
    core.onRetry?.({ method: spec.method, path: spec.path, attempt, delayMs, reason: failure.code })
    try {
      await p.sleep(delayMs, spec.signal)
    } catch {
      throw cancelled(spec.ctx)
    }
  }
}
