import type { IncomingMessage } from 'node:http'
import { allows, type Deps, type KmsRoute, type Reply } from './context'
import { badRequest, HttpError, notFound } from './errors'
import { parseJson, readBody } from './http-util'
import { cryptoRoutes } from './routes-crypto'
import { keyRoutes } from './routes-keys'
import { kmsOff, memberships, oidcToken, projects, regions, summary } from './routes-meta'
import { orgView, resolveOrg, resolveProject, resolveRegion } from './scope'

const KMS_ROUTES: KmsRoute[] = [...keyRoutes, ...cryptoRoutes]

function matchRoute(
  method: string,
  rest: string[]
): { route: KmsRoute; params: Record<string, string> } | 'method' | undefined {
  let pathMatched = false
  for (const route of KMS_ROUTES) {
    const parts = route.path.split('/')
    if (parts.length !== rest.length) continue
    const params: Record<string, string> = {}
    if (
      !parts.every((p, i) =>
        p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(rest[i]!)), true) : p === rest[i]
      )
    )
      continue
    pathMatched = true
    if (route.method === method) return { route, params }
  }
  return pathMatched ? 'method' : undefined
}

/**
 * The JSON body of a POST/PATCH. Strict mode wants `Content-Type: application/json` on any body
 * (415 otherwise) and no body at all where the SDK sends none (rotate, disable, enable).
 */
function requestBody(deps: Deps, req: IncomingMessage, raw: Buffer, route: KmsRoute): unknown {
  if (!deps.lenient && raw.length > 0) {
    if (route.noBody) throw badRequest(`${route.path.replace('keys/:id/', '')} takes no request body`)
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
    if (type !== 'application/json')
      throw new HttpError(415, `a request body needs Content-Type: application/json${type ? ` (got ${type})` : ''}`)
  }
  return parseJson(raw)
}

/** Route one request: authentication, organisation, feature gate, region, project, IAM, then the handler. */
export async function dispatch(deps: Deps, req: IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://sandbox')
  const method = req.method ?? 'GET'
  const segs = url.pathname.split('/').filter((s) => s !== '')
  const raw = await readBody(req)
  const path = `/${segs.join('/')}`

  if (path === '/oidc/token' && method === 'POST') return oidcToken(deps, req, raw)
  if (segs[0] !== 'v1') throw notFound(`no endpoint ${method} ${url.pathname}`)
  const principal = deps.auth.authenticate(req.headers, deps.lenient)
  if (path === '/v1/me/organisation-memberships' && method === 'GET') return memberships(deps, principal, req)
  if (path === '/v1/projects' && method === 'GET') return projects(deps, principal, req)
  if (path === '/v1/regions' && method === 'GET') return regions(deps)
  if (path === '/v1/kms/summary' && method === 'GET') return summary(deps, principal, req, url.searchParams)
  if (segs[1] !== 'kms' || segs.length < 4) throw notFound(`no endpoint ${method} ${url.pathname}`)

  const match = matchRoute(method, segs.slice(3))
  if (match === undefined) throw notFound(`no endpoint ${method} ${url.pathname}`)
  if (match === 'method') throw new HttpError(405, `method ${method} is not supported on ${url.pathname}`)
  const { org, access } = resolveOrg(deps, principal, req.headers)
  if (!org.kmsEnabled) throw kmsOff(org.slug)
  const region = resolveRegion(deps, decodeURIComponent(segs[2]!))
  const projectId = resolveProject(org, req.headers, url.searchParams, deps.lenient)
  const scope = { organisationIdentity: org.identity, region, projectId }
  if (!allows(access, match.route.permission)) {
    // Masked as the service does: the same 404 as a key that does not exist.
    const id = match.params.id
    throw notFound(
      id !== undefined
        ? `key ${JSON.stringify(id)} not found in region ${region}${projectId ? ' in this project' : ''}`
        : `no endpoint ${method} ${url.pathname}`
    )
  }
  const body = method === 'GET' || method === 'DELETE' ? {} : requestBody(deps, req, raw, match.route)
  return match.route.handler({
    deps,
    principal,
    org,
    orgView: orgView(deps, org),
    scope,
    params: match.params,
    query: url.searchParams,
    body
  })
}
