import type { IncomingHttpHeaders } from 'node:http'
import type { Principal } from './auth'
import { orgIdentity, projectIdentity, regionIdentity, type Access } from './config'
import type { Deps, OrgConfig } from './context'
import { badRequest, notFound, unavailable } from './errors'
import type { OrgView } from './key-view'

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name]
  return (Array.isArray(v) ? v[0] : v)?.trim() || undefined
}

/** `X-Organisation-Identity` (slug or identity) → an organisation the principal belongs to. */
export function resolveOrg(
  deps: Deps,
  principal: Principal,
  h: IncomingHttpHeaders
): { org: OrgConfig; access: Access } {
  const wanted = header(h, 'x-organisation-identity')
  if (!wanted) throw badRequest('X-Organisation-Identity header is required (organisation slug or identity)')
  const found = deps.config.organisations.find((o) => o.slug === wanted || orgIdentity(o.slug) === wanted)
  const access = found ? principal.grants.get(found.slug) : undefined
  // Not a member looks the same as not existing.
  if (!found || !access)
    throw notFound(`organisation ${JSON.stringify(wanted)} not found or not accessible with these credentials`)
  return { org: { ...found, identity: orgIdentity(found.slug) }, access }
}

export const orgView = (deps: Deps, o: OrgConfig): OrgView => ({
  identity: o.identity,
  name: o.name,
  slug: o.slug,
  createdAt: deps.startedAt,
  objectVersion: 1
})

/**
 * `X-Project-Identity` (the project identity); null means organisation scope. Lenient mode also
 * takes a project slug and the `?project=` query parameter.
 */
export function resolveProject(
  o: OrgConfig,
  h: IncomingHttpHeaders,
  query: URLSearchParams,
  lenient: boolean
): string | null {
  if (!lenient && query.has('project'))
    throw badRequest(
      'the ?project= query parameter is not accepted: send the project identity in the X-Project-Identity header'
    )
  const wanted = header(h, 'x-project-identity') ?? (lenient ? query.get('project') || undefined : undefined)
  if (!wanted) return null
  const p = o.projects.find((x) => projectIdentity(o.slug, x.slug) === wanted || (lenient && x.slug === wanted))
  if (!p) {
    const bySlug = o.projects.some((x) => x.slug === wanted)
    throw notFound(
      `project ${JSON.stringify(wanted)} not found in organisation ${o.slug}${bySlug ? ': X-Project-Identity takes the project identity (GET /v1/projects lists it), not the slug' : ''}`
    )
  }
  return projectIdentity(o.slug, p.slug)
}

/** Strict mode refuses X-Project-Identity where the SDK never sends it (projects, memberships). */
export function refuseProjectHeader(h: IncomingHttpHeaders, lenient: boolean, path: string): void {
  if (!lenient && header(h, 'x-project-identity'))
    throw badRequest(`X-Project-Identity is not accepted on ${path}: it lists across projects`)
}

/** Region by slug (lenient mode: or identity): unknown → 404, KMS not offered there → 503. */
export function resolveRegion(deps: Deps, wanted: string): string {
  const r = deps.config.regions.find((x) => x.slug === wanted || (deps.lenient && regionIdentity(x.slug) === wanted))
  if (!r) {
    const byIdentity = deps.config.regions.some((x) => regionIdentity(x.slug) === wanted)
    throw notFound(
      `region ${JSON.stringify(wanted)} not found${byIdentity ? ': KMS paths take the region slug, not its identity' : ''}; known regions: ${deps.config.regions.map((x) => x.slug).join(', ')}`
    )
  }
  if (!r.kmsAvailable)
    throw unavailable(
      `KMS is not available in region ${r.slug}; use one of: ${deps.config.regions
        .filter((x) => x.kmsAvailable)
        .map((x) => x.slug)
        .join(', ')}`
    )
  return r.slug
}
