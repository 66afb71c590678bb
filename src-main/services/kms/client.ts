import { z } from 'zod'
import type { Dispatcher } from 'undici'
import {
  CreateKeyRequestSchema,
  KmsKeySchema,
  KmsSummarySchema,
  ListFilterSchema,
  OrganisationMembershipSchema,
  ProjectSchema,
  PublicKeysSchema,
  UpdateRotationRequestSchema,
  WrappingKeySchema,
  type CreateKeyRequest,
  type KmsKey,
  type KmsSummary,
  type ListFilter,
  type OrganisationMembership,
  type Project,
  type PublicKeys,
  type UpdateRotationRequest,
  type WrappingKey
} from '@contract/schemas/kms'
import { MAX_PAYLOAD_BYTES } from '@contract/schemas/key-types'
import { classify400, writeKind, type KeyOp, type KnownKey } from './classify'
import { AppFailure, KmsError, badInput, cancelled, noWriteAccess, type ErrorContext } from './errors'
import { call, type HttpCore, type RequestSpec, type RetryInfo, type WireObserver } from './http'
import { omitEmpty } from './sdk-body'
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
function pathSegment(s: string, what: string): string {
  if (!s || typeof s !== 'string') throw badInput(`${what} is required`, `Pick a ${what} first.`, what)
  if (s === '.' || s === '..')
    throw badInput(`"${s}" is not a valid ${what}`, `Give the ${what} by its name or identity.`, what)
  return encodeURIComponent(s)
}
const seg = pathSegment
const ver = (v: W.KeyVersionInput | undefined): string | undefined => (v === undefined ? undefined : String(v))

function requireBase64(value: string, field: string, max = MAX_PAYLOAD_BYTES): void {
  if (!W.isStdBase64(value))
    throw badInput(
      `${field} must be standard base64 with padding`,
      'Encode the bytes with standard base64 (A–Z, a–z, 0–9, +, /, =).',
      field
    )
  const bytes = (value.length / 4) * 3 - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0)
  if (bytes > max)
    throw badInput(
      `${field} is ${bytes} bytes; the KMS accepts at most ${max}`,
      'Use file encryption for larger data: it wraps a data key instead.',
      field
    )
}

export class KmsClient {
  readonly #core: HttpCore
  readonly #owned: boolean
  readonly #organisation: string
  readonly #unavailable = new Set<string>()
  /** What the last read said about each key (`region/identity` and `region/slug`), to classify 400s. */
  readonly #known = new Map<string, KnownKey>()
  readonly #project: string | undefined
  #projectIdentity: Promise<string | undefined> | undefined

  constructor(o: KmsClientOptions) {
    const url = parseEndpoint(o.endpoint)
    if (o.auth.origin !== undefined && o.auth.origin !== url.origin)
      throw new AppFailure({
        code: 'secret_missing',
        message: `The credential was entered for ${o.auth.origin} and is never sent to ${url.origin}`,
        hint: 'Enter the token or client secret again for this endpoint.'
      })
    const timeouts = { ...DEFAULT_TIMEOUTS, ...o.timeouts }
    this.#owned = !o.dispatcher
    this.#organisation = o.organisation
    this.#project = o.project || undefined
    const fixed: Record<string, string> = {
      accept: 'application/json',
      'user-agent': o.userAgent ?? DEFAULT_USER_AGENT
    }
    if (o.organisation) fixed['x-organisation-identity'] = o.organisation
    this.#core = {
      dispatcher:
        o.dispatcher ?? createDispatcher({ endpoint: url, timeouts, caBundle: o.caBundle, proxyEnv: o.proxyEnv }),
      origin: url.origin,
      basePath: url.pathname.replace(/\/+$/, ''),
      fixedHeaders: fixed,
      ...(this.#project ? { projectIdentity: () => this.#resolveProject() } : {}),
      ...(o.wire ? { wire: o.wire } : {}),
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

  /**
   * X-Project-Identity takes the project identity. A profile or `--project` may name the project by
   * slug, so it is looked up once in /v1/projects; a value that is already an identity is kept.
   */
  #resolveProject(): Promise<string | undefined> {
    this.#projectIdentity ??= (async () => {
      const wanted = this.#project!
      let list: Project[]
      try {
        list = await this.projects()
      } catch (e) {
        // Without the projects feature the list is unavailable: the value can only be an identity.
        if (e instanceof KmsError && (e.code === 'kms_not_enabled' || e.code === 'not_found_or_no_access'))
          return wanted
        throw e
      }
      const p = list.find((x) => x.identity === wanted) ?? list.find((x) => x.slug === wanted)
      if (!p)
        throw badInput(
          `Project "${wanted}" is not a project of organisation ${this.#organisation}`,
          'Pick a project from the list (GET /v1/projects), by identity or slug.',
          'project'
        )
      return p.identity
    })()
    this.#projectIdentity.catch(() => (this.#projectIdentity = undefined))
    return this.#projectIdentity
  }

  /** The project identity X-Project-Identity carries (undefined: organisation scope). */
  async projectIdentity(): Promise<string | undefined> {
    return this.#project ? this.#resolveProject() : undefined
  }

  #remember<K extends KmsKey>(region: string, k: K): K {
    const known = { keyType: k.keyType, status: k.status, exportAllowed: k.exportAllowed }
    this.#known.set(`${region}/${k.identity}`, known)
    if (k.slug) this.#known.set(`${region}/${k.slug}`, known)
    return k
  }

  /** Runs a call on one key; a 400 gets its sub-code from the operation and the key's last read. */
  async #onKey<T>(region: string, id: string, op: KeyOp, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      if (e instanceof KmsError && e.appError.status === 404 && writeKind(op))
        throw await this.#unmask404(e, region, id, op)
      if (!(e instanceof KmsError) || e.appError.status !== 400) throw e
      let known = this.#known.get(`${region}/${id}`)
      // Never read: one GET learns the type and status (best effort; the 400 stands either way).
      if (!known)
        known = await this.getKey(region, id).then(
          (k) => this.#known.get(`${region}/${k.identity}`),
          () => undefined
        )
      throw classify400(e, op, known)
    }
  }

  /** A 404 on a write: if the same token can read the key, the 404 masks a missing permission. */
  async #unmask404(e: KmsError, region: string, id: string, op: KeyOp): Promise<KmsError> {
    const readable = await this.getKey(region, id).then(
      () => true,
      () => false
    )
    const kind = writeKind(op)
    return readable && kind
      ? noWriteAccess({ action: e.appError.message.split(' failed:')[0] ?? 'The request', region, keyId: id }, kind)
      : e
  }

  #key(region: string, id: string, suffix = ''): string {
    return `/v1/kms/${seg(region, 'region')}/keys/${seg(id, 'key')}${suffix}`
  }

  async summary(o?: CallOpts): Promise<KmsSummary> {
    const s = await this.#run(
      {
        method: 'GET',
        path: '/v1/kms/summary',
        schema: KmsSummarySchema,
        idempotent: true,
        ctx: this.#ctx('Reading the KMS summary')
      },
      o
    )
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
    const list = await this.#run(
      {
        method: 'GET',
        path: `/v1/kms/${seg(region, 'region')}/keys`,
        query: q,
        schema: z.array(KmsKeySchema),
        idempotent: true,
        ctx: this.#ctx('Listing keys', region)
      },
      o
    )
    return list.map((k) => this.#remember(region, k))
  }

  async getKey(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    const k = await this.#run(
      {
        method: 'GET',
        path: this.#key(region, id),
        schema: KmsKeySchema,
        idempotent: true,
        ctx: this.#ctx(`Reading key ${id}`, region, id)
      },
      o
    )
    return this.#remember(region, k)
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
      throw badInput(
        `Invalid key request: ${field} ${i?.message ?? 'is invalid'}`,
        `Correct ${field} and try again.`,
        field
      )
    }
    const checked = parsed.data
    const body = omitEmpty(checked)
    const ctx = this.#ctx(`Creating key ${checked.name}`, region)
    const policy = this.#core.retry
    const startedAt = Date.now()
    for (let attempt = 1; ; attempt++) {
      try {
        return this.#remember(
          region,
          await this.#run(
            {
              method: 'POST',
              path: `/v1/kms/${seg(region, 'region')}/keys`,
              body,
              schema: KmsKeySchema,
              idempotent: false,
              ctx
            },
            o
          )
        )
      } catch (e) {
        // A masked 404 on create: when the same token can list keys here, it may only read them.
        if (
          e instanceof KmsError &&
          e.appError.status === 404 &&
          (await this.listKeys(region, {}, o).then(
            () => true,
            () => false
          ))
        )
          throw noWriteAccess(ctx, 'change')
        const ambiguous =
          e instanceof KmsError &&
          ['network', 'timeout', 'server', 'region_unavailable', 'rate_limited'].includes(e.code) &&
          e.appError.status !== 500
        // A 503 from a region the summary lists as without KMS is an answer, not an outage.
        const definitive = e instanceof KmsError && e.code === 'region_unavailable' && this.#unavailable.has(region)
        if (!ambiguous || definitive || attempt >= policy.maxAttempts || o?.signal?.aborted) throw e
        const delay = backoffDelay(policy, attempt)
        this.#core.onRetry?.({ method: 'POST', path: '/v1/kms/{region}/keys', attempt, delayMs: delay, reason: e.code })
        await policy.sleep(delay, o?.signal).catch(() => {
          throw cancelled(ctx)
        })
        const existing = await this.#findCreated(region, checked, startedAt, o)
        if (existing) return existing
      }
    }
  }

  /** The key our earlier attempt may have created: same name and type, created since we started. */
  async #findCreated(
    region: string,
    req: CreateKeyRequest,
    startedAt: number,
    o?: CallOpts
  ): Promise<KmsKey | undefined> {
    const found = (await this.listKeys(region, { name: req.name }, o)).find((k) => k.name === req.name)
    if (!found) return undefined
    const skewMs = 10 * 60_000
    if (found.keyType !== req.keyType || Date.parse(found.createdAt) < startedAt - skewMs)
      throw new KmsError({
        code: 'conflict_slug',
        status: 409,
        field: 'name',
        message: `Creating key ${req.name} failed: a different key with this name already exists`,
        hint: 'Choose another name: key names (slugs) are unique per organisation, region and project.'
      })
    return found
  }

  /** The API guards the wrapping key as a create: a 404 to a token that can list keys here masks that. */
  async getWrappingKey(region: string, o?: CallOpts): Promise<WrappingKey> {
    const ctx = this.#ctx('Reading the wrapping key', region)
    try {
      return await this.#run(
        {
          method: 'GET',
          path: `/v1/kms/${seg(region, 'region')}/wrapping-key`,
          schema: WrappingKeySchema,
          idempotent: true,
          ctx
        },
        o
      )
    } catch (e) {
      if (
        e instanceof KmsError &&
        e.appError.status === 404 &&
        (await this.listKeys(region, {}, o).then(
          () => true,
          () => false
        ))
      )
        throw noWriteAccess(ctx, 'change')
      throw e
    }
  }

  async getPublicKey(region: string, id: string, version?: number, o?: CallOpts): Promise<PublicKeys> {
    const query = { version: version === undefined ? undefined : String(version) }
    return await this.#onKey(region, id, 'public-key', () =>
      this.#run(
        {
          method: 'GET',
          path: this.#key(region, id, '/public-key'),
          query,
          schema: PublicKeysSchema,
          idempotent: true,
          ctx: this.#ctx(`Reading the public key of ${id}`, region, id)
        },
        o
      )
    )
  }

  /** The SDK's request types with `omitempty`: absent, empty and false optional fields are not sent. */
  #crypto<S extends z.ZodType>(
    region: string,
    id: string,
    op: KeyOp,
    body: object,
    schema: S,
    o?: CallOpts
  ): Promise<z.infer<S>> {
    return this.#onKey(region, id, op, () =>
      this.#run(
        {
          method: 'POST',
          path: this.#key(region, id, `/${op}`),
          body: omitEmpty(body),
          schema,
          idempotent: true,
          ctx: this.#ctx(`${op} with key ${id}`, region, id)
        },
        o
      )
    )
  }

  async encrypt(region: string, id: string, i: W.EncryptInput, o?: CallOpts): Promise<W.EncryptResponse> {
    requireBase64(i.plaintext, 'plaintext')
    return await this.#crypto(
      region,
      id,
      'encrypt',
      { plaintext: i.plaintext, keyVersion: ver(i.keyVersion) },
      W.EncryptResponseSchema,
      o
    )
  }

  async decrypt(region: string, id: string, i: W.DecryptInput, o?: CallOpts): Promise<W.DecryptResponse> {
    if (!i.ciphertext)
      throw badInput('ciphertext is required', 'Paste the ciphertext exactly as the KMS returned it.', 'ciphertext')
    return await this.#crypto(region, id, 'decrypt', { ciphertext: i.ciphertext }, W.DecryptResponseSchema, o)
  }

  async sign(region: string, id: string, i: W.SignInput, o?: CallOpts): Promise<W.SignResponse> {
    requireBase64(i.input, 'input')
    const body = {
      input: i.input,
      keyVersion: ver(i.keyVersion),
      hashAlgorithm: i.hashAlgorithm,
      prehashed: i.prehashed,
      context: i.context
    }
    return await this.#crypto(region, id, 'sign', body, W.SignResponseSchema, o)
  }

  async verify(region: string, id: string, i: W.VerifyInput, o?: CallOpts): Promise<W.VerifyResponse> {
    requireBase64(i.input, 'input')
    return await this.#crypto(
      region,
      id,
      'verify',
      { input: i.input, signature: i.signature, hashAlgorithm: i.hashAlgorithm },
      W.VerifyResponseSchema,
      o
    )
  }

  async hmac(region: string, id: string, i: W.HmacInput, o?: CallOpts): Promise<W.HmacResponse> {
    requireBase64(i.input, 'input')
    return await this.#crypto(
      region,
      id,
      'hmac',
      { input: i.input, keyVersion: ver(i.keyVersion), algorithm: i.algorithm },
      W.HmacResponseSchema,
      o
    )
  }

  async verifyHmac(region: string, id: string, i: W.VerifyHmacInput, o?: CallOpts): Promise<W.VerifyHmacResponse> {
    requireBase64(i.input, 'input')
    return await this.#crypto(
      region,
      id,
      'verify-hmac',
      { input: i.input, hmac: i.hmac, hashAlgorithm: i.hashAlgorithm },
      W.VerifyHmacResponseSchema,
      o
    )
  }

  async updateRotation(region: string, id: string, req: UpdateRotationRequest, o?: CallOpts): Promise<KmsKey> {
    const parsed = UpdateRotationRequestSchema.safeParse(req)
    if (!parsed.success)
      throw badInput(
        'rotationPeriodInDays must be a whole number from 1 to 3650',
        'Enter a rotation period between 1 and 3650 days.',
        'rotationPeriodInDays'
      )
    // UpdateRotationRequest's fields are pointers: false is sent, only absent fields are left out.
    return this.#lifecycle(region, id, 'PATCH', '/rotation', 'rotation', `Updating rotation of ${id}`, o, parsed.data)
  }

  async rotate(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return this.#lifecycle(region, id, 'POST', '/rotate', 'rotate', `Rotating ${id}`, o)
  }
  async disable(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return this.#lifecycle(region, id, 'POST', '/disable', 'disable', `Disabling ${id}`, o)
  }
  async enable(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return this.#lifecycle(region, id, 'POST', '/enable', 'enable', `Enabling ${id}`, o)
  }
  async scheduleDeletion(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return this.#lifecycle(region, id, 'DELETE', '', 'delete', `Scheduling deletion of ${id}`, o)
  }
  async cancelDeletion(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return this.#lifecycle(
      region,
      id,
      'DELETE',
      '/cancel-deletion',
      'cancel-deletion',
      `Cancelling deletion of ${id}`,
      o
    )
  }

  /**
   * Lifecycle calls answer the key, but a server may answer 204 or an empty or partial body (the
   * SDK ignores the body of DELETE): then the key is read again, so the caller always gets it.
   */
  async #lifecycle(
    region: string,
    id: string,
    method: 'POST' | 'PATCH' | 'DELETE',
    suffix: string,
    op: KeyOp,
    action: string,
    o?: CallOpts,
    body?: object
  ): Promise<KmsKey> {
    const schema = z.union([KmsKeySchema, z.unknown()])
    const r = await this.#onKey(region, id, op, () =>
      this.#run(
        {
          method,
          path: this.#key(region, id, suffix),
          ...(body ? { body } : {}),
          schema,
          idempotent: false,
          ctx: this.#ctx(action, region, id)
        },
        o
      )
    )
    const key = KmsKeySchema.safeParse(r)
    return key.success ? this.#remember(region, key.data) : this.getKey(region, id, o)
  }

  async exportKey(region: string, id: string, i: W.ExportInput = {}, o?: CallOpts): Promise<W.ExportKeyResponse> {
    return await this.#onKey(region, id, 'export', () =>
      this.#run(
        {
          method: 'POST',
          path: this.#key(region, id, '/export'),
          body: omitEmpty({ keyVersion: ver(i.keyVersion) }),
          schema: W.ExportKeyResponseSchema,
          idempotent: false,
          ctx: this.#ctx(`Exporting key ${id}`, region, id)
        },
        o
      )
    )
  }

  /** Lists across projects: sent without X-Project-Identity, as the SDK does. */
  async memberships(o?: CallOpts): Promise<OrganisationMembership[]> {
    return await this.#run(
      {
        method: 'GET',
        path: '/v1/me/organisation-memberships',
        unscoped: true,
        schema: z.array(OrganisationMembershipSchema),
        idempotent: true,
        ctx: this.#ctx('Listing organisations')
      },
      o
    )
  }

  /** Lists across projects: sent without X-Project-Identity, as the SDK does. */
  async projects(o?: CallOpts): Promise<Project[]> {
    return await this.#run(
      {
        method: 'GET',
        path: '/v1/projects',
        unscoped: true,
        schema: z.array(ProjectSchema),
        idempotent: true,
        ctx: this.#ctx('Listing projects')
      },
      o
    )
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#core.dispatcher.close()
  }
}
