import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { Clock } from './clock'
import type { Access, SandboxConfig } from './config'
import { unauthorized } from './errors'

export interface Principal {
  name: string
  kind: 'pat' | 'service-account'
  grants: ReadonlyMap<string, Access>
}

const grantsOf = (g: { organisation: string; access: Access }[]) => new Map(g.map((x) => [x.organisation, x.access]))

const eq = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * PATs (`Token <pat>`, as the SDK sends them) and service-account access tokens (`Bearer <token>`);
 * lenient mode also takes either credential with either scheme.
 * Access tokens are HMAC-signed under a secret derived from the master key, so they stay valid
 * across restarts until they expire on the sandbox clock.
 */
export class Authenticator {
  constructor(
    private readonly config: SandboxConfig,
    private readonly secret: Buffer,
    private readonly clock: Clock
  ) {}

  authenticate(headers: IncomingHttpHeaders, lenient: boolean): Principal {
    const m = /^(Token|Bearer)\s+(\S+)\s*$/i.exec(headers.authorization ?? '')
    if (!m)
      throw unauthorized(
        'missing credentials: send Authorization: Token <personal access token> or Bearer <access token>'
      )
    const scheme = m[1]!.toLowerCase()
    const value = m[2]!
    const pat = this.config.personalAccessTokens.find((p) => eq(p.token, value))
    if (pat) {
      if (scheme !== 'token' && !lenient)
        throw unauthorized('a personal access token goes in Authorization: Token <pat>, not Bearer')
      return { name: pat.name, kind: 'pat', grants: grantsOf(pat.grants) }
    }
    const sa = this.verifyAccessToken(value)
    if (sa) {
      if (scheme !== 'bearer' && !lenient)
        throw unauthorized('an access token goes in Authorization: Bearer <token>, not Token')
      return sa
    }
    throw unauthorized(
      'credentials not recognised: check the personal access token, or request a new access token from /oidc/token'
    )
  }

  /** client_credentials grant; undefined when the client is unknown or the secret is wrong. */
  issueToken(
    clientId: string,
    clientSecret: string
  ): { access_token: string; token_type: 'Bearer'; expires_in: number } | undefined {
    const sa = this.config.serviceAccounts.find((s) => s.clientId === clientId)
    if (!sa || !eq(sa.clientSecret, clientSecret)) return undefined
    const exp = Math.floor(this.clock.now().getTime() / 1000) + sa.tokenLifetimeSeconds
    const payload = Buffer.from(JSON.stringify({ sub: clientId, exp, jti: randomBytes(8).toString('hex') })).toString(
      'base64url'
    )
    return {
      access_token: `${payload}.${this.mac(payload)}`,
      token_type: 'Bearer',
      expires_in: sa.tokenLifetimeSeconds
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url')
  }

  private verifyAccessToken(token: string): Principal | undefined {
    const [payload, mac, extra] = token.split('.')
    if (!payload || !mac || extra !== undefined || !eq(mac, this.mac(payload))) return undefined
    let claims: { sub?: unknown; exp?: unknown }
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown; exp?: unknown }
    } catch {
      return undefined
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.clock.now().getTime()) {
      throw unauthorized('access token has expired: request a new one from /oidc/token')
    }
    const sa = this.config.serviceAccounts.find((s) => s.clientId === claims.sub)
    return sa ? { name: sa.clientId, kind: 'service-account', grants: grantsOf(sa.grants) } : undefined
  }
}
