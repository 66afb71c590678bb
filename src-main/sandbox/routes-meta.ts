import type { IncomingMessage } from 'node:http'
import type { Principal } from './auth'
import { orgIdentity, projectIdentity, regionIdentity } from './config'
import { ok, type Deps, type Reply } from './context'
import { badRequest, forbidden, type HttpError } from './errors'
import { orgView, refuseProjectHeader, resolveOrg, resolveProject } from './scope'

/** GET /v1/kms/summary: answers 200 with featureEnabled:false when KMS is off (INFERRED). */
export function summary(deps: Deps, principal: Principal, req: IncomingMessage, query: URLSearchParams): Reply {
  const { org } = resolveOrg(deps, principal, req.headers)
  const projectId = resolveProject(org, req.headers, query, deps.lenient)
  if (!org.kmsEnabled) return ok({ featureEnabled: false, regions: [] })
  const regions = deps.config.regions.map((r) => {
    const keys = deps.keys
      .all()
      .filter((k) => k.organisationIdentity === org.identity && k.region === r.slug && k.projectId === projectId)
    const count = (s: string) => keys.filter((k) => k.status === s).length
    return {
      identity: regionIdentity(r.slug),
      name: r.name,
      slug: r.slug,
      kmsAvailable: r.kmsAvailable,
      totalKeys: keys.length,
      activeKeys: count('active'),
      disabledKeys: count('disabled'),
      pendingDeletionKeys: count('pending_deletion')
    }
  })
  return ok({ featureEnabled: true, regions })
}

export function memberships(deps: Deps, principal: Principal, req: IncomingMessage): Reply {
  refuseProjectHeader(req.headers, deps.lenient, '/v1/me/organisation-memberships')
  const list = deps.config.organisations
    .filter((o) => principal.grants.has(o.slug))
    .map((o) => ({
      identity: `${orgIdentity(o.slug)}-${principal.name}`,
      organisation: orgView(deps, { ...o, identity: orgIdentity(o.slug) }),
      role: principal.grants.get(o.slug) === 'full' ? 'OWNER' : 'MEMBER',
      createdAt: deps.startedAt
    }))
  return ok(list)
}

export function projects(deps: Deps, principal: Principal, req: IncomingMessage): Reply {
  refuseProjectHeader(req.headers, deps.lenient, '/v1/projects')
  const { org } = resolveOrg(deps, principal, req.headers)
  return ok(
    org.projects.map((p) => ({
      identity: projectIdentity(org.slug, p.slug),
      name: p.name,
      slug: p.slug,
      description: '',
      labels: {},
      annotations: {},
      parentProject: null,
      createdAt: deps.startedAt,
      updatedAt: deps.startedAt,
      objectVersion: 1
    }))
  )
}

export function regions(deps: Deps): Reply {
  return ok(
    deps.config.regions.map((r) => ({
      identity: regionIdentity(r.slug),
      name: r.name,
      slug: r.slug,
      description: r.name,
      zones: []
    }))
  )
}

/** POST /oidc/token, client_credentials only; OAuth error fields plus `message` like every other error. */
export function oidcToken(deps: Deps, req: IncomingMessage, raw: Buffer): Reply {
  const type = req.headers['content-type'] ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded'))
    throw badRequest('send the token request as application/x-www-form-urlencoded')
  const form = new URLSearchParams(raw.toString('utf8'))
  const oauthError = (status: number, error: string, message: string): Reply => ({
    status,
    body: { error, error_description: message, message }
  })
  if (form.get('grant_type') !== 'client_credentials')
    return oauthError(400, 'unsupported_grant_type', 'the sandbox supports grant_type=client_credentials only')
  let id = form.get('client_id') ?? ''
  let secret = form.get('client_secret') ?? ''
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const i = decoded.indexOf(':')
    id = decodeURIComponent(decoded.slice(0, i))
    secret = decodeURIComponent(decoded.slice(i + 1))
  }
  const token = deps.auth.issueToken(id, secret)
  return token ? ok(token) : oauthError(401, 'invalid_client', 'client id or client secret is not valid')
}

export const kmsOff = (slug: string): HttpError =>
  forbidden(`the KMS feature is not enabled for organisation ${slug}; ask your platform administrator to enable it`)
