import { z } from 'zod'
import type { Dispatcher } from 'undici'
import type { AuthProvider } from '../kms/client'
import { AppFailure, KmsError, badResponse, cleanServerMessage } from '../kms/errors'
import { transportError } from '../kms/http'
import { parseEndpoint } from '../kms/transport'

/** Personal access token: `Authorization: Token tc_pat_…` (the SDK's wire format), for `origin` only. */
export function patAuth(token: string, origin?: string): AuthProvider {
  const header = `Token ${token}`
  return { authorization: async () => header, ...(origin ? { origin } : {}) }
}

/** An access token obtained elsewhere (OIDC): `Authorization: Bearer …`, for `origin` only. */
export function accessTokenAuth(token: string, origin?: string): AuthProvider {
  if (token.startsWith('tc_pat_'))
    throw new AppFailure({
      code: 'bad_input',
      field: 'secret',
      message: 'This is a personal access token, not an access token',
      hint: 'Set the authentication of this profile to "Personal access token".'
    })
  const header = `Bearer ${token}`
  return { authorization: async () => header, ...(origin ? { origin } : {}) }
}

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional()
})

export interface ClientCredentialsOptions {
  endpoint: string
  clientId: string
  clientSecret: string
  dispatcher: Dispatcher
  now?: () => number
  userAgent?: string
}

/**
 * OAuth2 client_credentials at `{endpoint}/oidc/token` (form-encoded, client id and secret in the
 * body). The access token is cached in memory only and refreshed shortly before it expires;
 * concurrent callers share one refresh.
 */
export class ClientCredentialsAuth implements AuthProvider {
  readonly #o: ClientCredentialsOptions
  readonly #url: URL
  readonly #now: () => number
  #token: { header: string; refreshAt: number } | undefined
  #pending: Promise<string> | undefined
  /** The token is only good for the origin that issued it. */
  readonly origin: string

  constructor(o: ClientCredentialsOptions) {
    this.#o = o
    this.#url = parseEndpoint(o.endpoint)
    this.origin = this.#url.origin
    this.#now = o.now ?? Date.now
  }

  async authorization(signal?: AbortSignal): Promise<string> {
    if (this.#token && this.#now() < this.#token.refreshAt) return this.#token.header
    this.#pending ??= this.#fetch(signal).finally(() => (this.#pending = undefined))
    return this.#pending
  }

  invalidate(): void {
    this.#token = undefined
  }

  async #fetch(signal?: AbortSignal): Promise<string> {
    const ctx = { action: 'Signing in with the service account' }
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.#o.clientId,
      client_secret: this.#o.clientSecret
    }).toString()
    let status: number
    let text: string
    try {
      const res = await this.#o.dispatcher.request({
        origin: this.#url.origin,
        path: this.#url.pathname.replace(/\/+$/, '') + '/oidc/token',
        method: 'POST',
        body,
        signal,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(this.#o.userAgent ? { 'user-agent': this.#o.userAgent } : {})
        }
      })
      status = res.statusCode
      text = await res.body.text()
    } catch (e) {
      throw transportError(e, ctx, this.#url.origin, signal).error
    }
    if (status === 400 || status === 401 || status === 403)
      throw new KmsError({
        code: 'unauthorized',
        status,
        message: `${ctx.action} failed: the client ID or client secret was not accepted${serverText(text)}`,
        hint: 'Check the client ID and secret of this service account; they may have been revoked.'
      })
    if (status < 200 || status >= 300)
      throw new KmsError({
        code: 'server',
        status,
        message: `${ctx.action} failed: the token endpoint answered HTTP ${status}`,
        hint: 'Try again in a moment; check the API endpoint of this profile.'
      })
    let parsed: z.infer<typeof TokenResponseSchema>
    try {
      parsed = TokenResponseSchema.parse(JSON.parse(text))
    } catch {
      throw badResponse(ctx, 'token response without access_token', status)
    }
    const lifetimeMs = (parsed.expires_in ?? 300) * 1000
    // Refresh a minute early, or at 90% of very short lifetimes, so a request never races expiry.
    const skew = Math.min(60_000, lifetimeMs * 0.1)
    const header = `Bearer ${parsed.access_token}`
    this.#token = { header, refreshAt: this.#now() + lifetimeMs - skew }
    return header
  }
}

function serverText(text: string): string {
  try {
    const j = JSON.parse(text) as { error_description?: unknown; message?: unknown }
    const m =
      typeof j.error_description === 'string'
        ? j.error_description
        : typeof j.message === 'string'
          ? j.message
          : undefined
    const clean = cleanServerMessage(m)
    return clean ? ` (${clean})` : ''
  } catch {
    return ''
  }
}
