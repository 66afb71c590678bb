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
export function resolveOrg(deps: Deps, principal: Principal, h: IncomingHttpHeaders): { org: OrgConfig; access: Access } {
  const wanted = header(h, 'x-organisation-identity')
  if (!wanted) throw badRequest('X-Organisation-Identity header is required (organisation slug or identity)')
  const found = deps.config.organisations.find((o) => o.slug === wanted || orgIdentity(o.slug) === wanted)
  const access = found ? principal.grants.get(found.slug) : undefined
  // Not a member looks the same as not existing.
  if (!found || !access) throw notFound(`organisation ${JSON.stringify(wanted)} not found or not accessible with these credentials`)
  return { org: { ...found, identity: orgIdentity(found.slug) }, access }
}

export const orgView = (deps: Deps, o: OrgConfig): OrgView => ({ identity: o.identity, name: o.name, slug: o.slug, createdAt: deps.startedAt, objectVersion: 1 })

/** `X-Project-Identity` header (or `?project=`), slug or identity; null means organisation scope. */
export function resolveProject(o: OrgConfig, h: IncomingHttpHeaders, query: URLSearchParams): string | null {
  const wanted = header(h, 'x-project-identity') ?? (query.get('project') || undefined)
  if (!wanted) return null
  const p = o.projects.find((x) => x.slug === wanted || projectIdentity(o.slug, x.slug) === wanted)
  if (!p) throw notFound(`project ${JSON.stringify(wanted)} not found in organisation ${o.slug}`)
  return projectIdentity(o.slug, p.slug)
}

/** Region by slug or identity: unknown → 404, KMS not offered there → 503. */
export function resolveRegion(deps: Deps, wanted: string): string {
  const r = deps.config.regions.find((x) => x.slug === wanted || regionIdentity(x.slug) === wanted)
  if (!r) throw notFound(`region ${JSON.stringify(wanted)} not found; known regions: ${deps.config.regions.map((x) => x.slug).join(', ')}`)
  if (!r.kmsAvailable) throw unavailable(`KMS is not available in region ${r.slug}; use one of: ${deps.config.regions.filter((x) => x.kmsAvailable).map((x) => x.slug).join(', ')}`)
  return r.slug
}
