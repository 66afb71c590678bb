import { z } from 'zod'
import type { Dispatcher } from 'undici'
import {
  CreateKeyRequestSchema, KmsKeySchema, KmsSummarySchema, ListFilterSchema, OrganisationMembershipSchema,
  ProjectSchema, PublicKeysSchema, UpdateRotationRequestSchema, WrappingKeySchema,
  type CreateKeyRequest, type KmsKey, type KmsSummary, type ListFilter, type OrganisationMembership,
  type Project, type PublicKeys, type UpdateRotationRequest, type WrappingKey
} from '../../../src-preload/contract/schemas/kms'
import { MAX_PAYLOAD_BYTES } from '../../../src-preload/contract/schemas/key-types'
import { AppFailure, KmsError, badInput, cancelled, type ErrorContext } from './errors'
import { call, type HttpCore, type RequestSpec, type RetryInfo } from './http'
import { backoffDelay, retryPolicy, type RetryOptions } from './retry'
import { DEFAULT_TIMEOUTS, createDispatcher, parseEndpoint, type ProxyEnv, type Timeouts } from './transport'
import * as W from './wire'
import { silentLogger, type Logger } from '../log/logger'

export { KmsError } from './errors'

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
}

export interface CallOpts { signal?: AbortSignal }

export const DEFAULT_USER_AGENT = `ThalassaKMSDesktop/0.1.0 (${process.platform}; node ${process.versions.node})`

/**
 * One path segment of a request (region, key id). `.` and `..` are refused before sending: they
 * travel unencoded and a server or proxy would resolve them into another endpoint.
 */
export function pathSegment(s: string, what: string): string {
  if (!s || typeof s !== 'string') throw badInput(`${what} is required`, `Pick a ${what} first.`, what)
  if (s === '.' || s === '..') throw badInput(`"${s}" is not a valid ${what}`, `Give the ${what} by its name or identity.`, what)
  return encodeURIComponent(s)
}
const seg = pathSegment
const ver = (v: W.KeyVersionInput | undefined): string | undefined => (v === undefined ? undefined : String(v))

function requireBase64(value: string, field: string, max = MAX_PAYLOAD_BYTES): void {
  if (!W.isStdBase64(value))
    throw badInput(`${field} must be standard base64 with padding`, 'Encode the bytes with standard base64 (A–Z, a–z, 0–9, +, /, =).', field)
  const bytes = (value.length / 4) * 3 - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0)
  if (bytes > max) throw badInput(`${field} is ${bytes} bytes; the KMS accepts at most ${max}`, 'Use file encryption for larger data: it wraps a data key instead.', field)
}

export class KmsClient {
  readonly #core: HttpCore
  readonly #owned: boolean
  readonly #organisation: string
  readonly #unavailable = new Set<string>()

  constructor(o: KmsClientOptions) {
    const url = parseEndpoint(o.endpoint)
    if (o.auth.origin !== undefined && o.auth.origin !== url.origin)
      throw new AppFailure({ code: 'secret_missing', message: `The credential was entered for ${o.auth.origin} and is never sent to ${url.origin}`, hint: 'Enter the token or client secret again for this endpoint.' })
    const timeouts = { ...DEFAULT_TIMEOUTS, ...o.timeouts }
    this.#owned = !o.dispatcher
    this.#organisation = o.organisation
    const fixed: Record<string, string> = { accept: 'application/json', 'user-agent': o.userAgent ?? DEFAULT_USER_AGENT }
    if (o.organisation) fixed['x-organisation-identity'] = o.organisation
    if (o.project) fixed['x-project-identity'] = o.project
    this.#core = {
      dispatcher: o.dispatcher ?? createDispatcher({ endpoint: url, timeouts, caBundle: o.caBundle, proxyEnv: o.proxyEnv }),
      origin: url.origin,
      basePath: url.pathname.replace(/\/+$/, ''),
      fixedHeaders: fixed,
      authorization: () => o.auth.authorization(),
      invalidateAuth: o.auth.invalidate ? () => o.auth.invalidate?.() : undefined,
      retry: retryPolicy(o.retry),
      logger: o.logger ?? silentLogger,
      regionKnownUnavailable: (r) => this.#unavailable.has(r),
      onRetry: o.onRetry
    }
  }

  #ctx(action: string, region?: string, keyId?: string): ErrorContext {
    return { action, region, keyId, organisation: this.#organisation || undefined }
  }

  #run<S extends z.ZodType>(spec: Omit<RequestSpec<S>, 'signal'>, o?: CallOpts): Promise<z.infer<S>> {
    return call(this.#core, o?.signal ? { ...spec, signal: o.signal } : spec)
  }

  #key(region: string, id: string, suffix = ''): string {
    return `/v1/kms/${seg(region, 'region')}/keys/${seg(id, 'key')}${suffix}`
  }

  async summary(o?: CallOpts): Promise<KmsSummary> {
    const s = await this.#run({ method: 'GET', path: '/v1/kms/summary', schema: KmsSummarySchema, idempotent: true, ctx: this.#ctx('Reading the KMS summary') }, o)
    for (const r of s.regions) {
      for (const name of [r.slug, r.identity]) {
        if (r.kmsAvailable) this.#unavailable.delete(name)
        else this.#unavailable.add(name)
      }
    }
    return s
  }

  async listKeys(region: string, filter: ListFilter = {}, o?: CallOpts): Promise<KmsKey[]> {
    const q = ListFilterSchema.parse(filter)
    return await this.#run({ method: 'GET', path: `/v1/kms/${seg(region, 'region')}/keys`, query: q, schema: z.array(KmsKeySchema), idempotent: true, ctx: this.#ctx('Listing keys', region) }, o)
  }

  async getKey(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return await this.#run({ method: 'GET', path: this.#key(region, id), schema: KmsKeySchema, idempotent: true, ctx: this.#ctx(`Reading key ${id}`, region, id) }, o)
  }

  /**
   * Never blindly retried. After an ambiguous failure (connection lost, timeout, 502/503/504) the
   * key is looked up by name first, so a create whose response was lost does not make a second key.
   */
  async createKey(region: string, req: CreateKeyRequest, o?: CallOpts): Promise<KmsKey> {
    const parsed = CreateKeyRequestSchema.safeParse(req)
    if (!parsed.success) {
      const i = parsed.error.issues[0]
      const field = i?.path.join('.') || 'request'
      throw badInput(`Invalid key request: ${field} ${i?.message ?? 'is invalid'}`, 'Correct the highlighted field and try again.', field)
    }
    const body = parsed.data
    const ctx = this.#ctx(`Creating key ${body.name}`, region)
    const policy = this.#core.retry
    const startedAt = Date.now()
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#run({ method: 'POST', path: `/v1/kms/${seg(region, 'region')}/keys`, body, schema: KmsKeySchema, idempotent: false, ctx }, o)
      } catch (e) {
        const ambiguous = e instanceof KmsError && ['network', 'timeout', 'server', 'region_unavailable', 'rate_limited'].includes(e.code) && e.appError.status !== 500
        // A 503 from a region the summary lists as without KMS is an answer, not an outage.
        const definitive = e instanceof KmsError && e.code === 'region_unavailable' && this.#unavailable.has(region)
        if (!ambiguous || definitive || attempt >= policy.maxAttempts || o?.signal?.aborted) throw e
        const delay = backoffDelay(policy, attempt)
        this.#core.onRetry?.({ method: 'POST', path: '/v1/kms/{region}/keys', attempt, delayMs: delay, reason: e.code })
        await policy.sleep(delay, o?.signal).catch(() => {
          throw cancelled(ctx)
        })
        const existing = await this.#findCreated(region, body, startedAt, o)
        if (existing) return existing
      }
    }
  }

  /** The key our earlier attempt may have created: same name and type, created since we started. */
  async #findCreated(region: string, req: CreateKeyRequest, startedAt: number, o?: CallOpts): Promise<KmsKey | undefined> {
    const found = (await this.listKeys(region, { name: req.name }, o)).find((k) => k.name === req.name)
    if (!found) return undefined
    const skewMs = 10 * 60_000
    if (found.keyType !== req.keyType || Date.parse(found.createdAt) < startedAt - skewMs)
      throw new KmsError({ code: 'conflict_slug', status: 409, field: 'name', message: `Creating key ${req.name} failed: a different key with this name already exists`, hint: 'Choose another name: key names (slugs) are unique per organisation, region and project.' })
    return found
  }

  async getWrappingKey(region: string, o?: CallOpts): Promise<WrappingKey> {
    return await this.#run({ method: 'GET', path: `/v1/kms/${seg(region, 'region')}/wrapping-key`, schema: WrappingKeySchema, idempotent: true, ctx: this.#ctx('Reading the wrapping key', region) }, o)
  }

  async getPublicKey(region: string, id: string, version?: number, o?: CallOpts): Promise<PublicKeys> {
    const query = { version: version === undefined ? undefined : String(version) }
    return await this.#run({ method: 'GET', path: this.#key(region, id, '/public-key'), query, schema: PublicKeysSchema, idempotent: true, ctx: this.#ctx(`Reading the public key of ${id}`, region, id) }, o)
  }

  #crypto<S extends z.ZodType>(region: string, id: string, op: string, body: object, schema: S, o?: CallOpts): Promise<z.infer<S>> {
    return this.#run({ method: 'POST', path: this.#key(region, id, `/${op}`), body, schema, idempotent: true, ctx: this.#ctx(`${op} with key ${id}`, region, id) }, o)
  }

  async encrypt(region: string, id: string, i: W.EncryptInput, o?: CallOpts): Promise<W.EncryptResponse> {
    requireBase64(i.plaintext, 'plaintext')
    return await this.#crypto(region, id, 'encrypt', { plaintext: i.plaintext, keyVersion: ver(i.keyVersion) }, W.EncryptResponseSchema, o)
  }

  async decrypt(region: string, id: string, i: W.DecryptInput, o?: CallOpts): Promise<W.DecryptResponse> {
    if (!i.ciphertext) throw badInput('ciphertext is required', 'Paste the ciphertext exactly as the KMS returned it.', 'ciphertext')
    return await this.#crypto(region, id, 'decrypt', { ciphertext: i.ciphertext }, W.DecryptResponseSchema, o)
  }

  async sign(region: string, id: string, i: W.SignInput, o?: CallOpts): Promise<W.SignResponse> {
    requireBase64(i.input, 'input')
    return await this.#crypto(region, id, 'sign', { ...i, keyVersion: ver(i.keyVersion) }, W.SignResponseSchema, o)
  }

  async verify(region: string, id: string, i: W.VerifyInput, o?: CallOpts): Promise<W.VerifyResponse> {
    requireBase64(i.input, 'input')
    return await this.#crypto(region, id, 'verify', i, W.VerifyResponseSchema, o)
  }

  async hmac(region: string, id: string, i: W.HmacInput, o?: CallOpts): Promise<W.HmacResponse> {
    requireBase64(i.input, 'input')
    return await this.#crypto(region, id, 'hmac', { ...i, keyVersion: ver(i.keyVersion) }, W.HmacResponseSchema, o)
  }

  async verifyHmac(region: string, id: string, i: W.VerifyHmacInput, o?: CallOpts): Promise<W.VerifyHmacResponse> {
    requireBase64(i.input, 'input')
    return await this.#crypto(region, id, 'verify-hmac', i, W.VerifyHmacResponseSchema, o)
  }

  async updateRotation(region: string, id: string, req: UpdateRotationRequest, o?: CallOpts): Promise<KmsKey> {
    const parsed = UpdateRotationRequestSchema.safeParse(req)
    if (!parsed.success) throw badInput('rotationPeriodInDays must be a whole number from 1 to 3650', 'Enter a rotation period between 1 and 3650 days.', 'rotationPeriodInDays')
    return await this.#run({ method: 'PATCH', path: this.#key(region, id, '/rotation'), body: parsed.data, schema: KmsKeySchema, idempotent: false, ctx: this.#ctx(`Updating rotation of ${id}`, region, id) }, o)
  }

  #lifecycle(region: string, id: string, method: 'POST' | 'DELETE', suffix: string, action: string, o?: CallOpts): Promise<KmsKey> {
    return this.#run({ method, path: this.#key(region, id, suffix), schema: KmsKeySchema, idempotent: false, ctx: this.#ctx(`${action} ${id}`, region, id) }, o)
  }

  async rotate(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return await this.#lifecycle(region, id, 'POST', '/rotate', 'Rotating', o)
  }
  async disable(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return await this.#lifecycle(region, id, 'POST', '/disable', 'Disabling', o)
  }
  async enable(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return await this.#lifecycle(region, id, 'POST', '/enable', 'Enabling', o)
  }

  /** DELETE answers 200 + key (or 204 on some servers): fetch the key when the body is empty. */
  async scheduleDeletion(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return this.#withKeyFallback(region, id, '', 'Scheduling deletion of', o)
  }
  async cancelDeletion(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return this.#withKeyFallback(region, id, '/cancel-deletion', 'Cancelling deletion of', o)
  }

  async #withKeyFallback(region: string, id: string, suffix: string, action: string, o?: CallOpts): Promise<KmsKey> {
    const schema = z.union([KmsKeySchema, z.undefined(), z.object({}).loose()])
    const r = await this.#run({ method: 'DELETE', path: this.#key(region, id, suffix), schema, idempotent: false, ctx: this.#ctx(`${action} ${id}`, region, id) }, o)
    const key = KmsKeySchema.safeParse(r)
    return key.success ? key.data : this.getKey(region, id, o)
  }

  async exportKey(region: string, id: string, i: W.ExportInput = {}, o?: CallOpts): Promise<W.ExportKeyResponse> {
    return await this.#run({ method: 'POST', path: this.#key(region, id, '/export'), body: { keyVersion: ver(i.keyVersion) }, schema: W.ExportKeyResponseSchema, idempotent: false, ctx: this.#ctx(`Exporting key ${id}`, region, id) }, o)
  }

  async memberships(o?: CallOpts): Promise<OrganisationMembership[]> {
    return await this.#run({ method: 'GET', path: '/v1/me/organisation-memberships', schema: z.array(OrganisationMembershipSchema), idempotent: true, ctx: this.#ctx('Listing organisations') }, o)
  }

  async projects(o?: CallOpts): Promise<Project[]> {
    return await this.#run({ method: 'GET', path: '/v1/projects', schema: z.array(ProjectSchema), idempotent: true, ctx: this.#ctx('Listing projects') }, o)
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#core.dispatcher.close()
  }
}
