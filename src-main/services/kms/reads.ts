import { z } from 'zod'
import {
  KmsKeySchema,
  KmsSummarySchema,
  ListFilterSchema,
  OrganisationMembershipSchema,
  ProjectSchema,
  type KmsKey,
  type KmsSummary,
  type ListFilter,
  type OrganisationMembership,
  type Project
} from '@contract/schemas/kms'
import { seg, type CallOpts, type ClientCore } from './client-core'
import { KmsError, badInput } from './errors'

/** The read endpoints: summary, keys, and the discovery lists (organisations, projects). */

export async function summary(c: ClientCore, o?: CallOpts): Promise<KmsSummary> {
  const s = await c.run(
    {
      method: 'GET',
      path: '/v1/kms/summary',
      schema: KmsSummarySchema,
      idempotent: true,
      ctx: c.ctx('Reading the KMS summary')
    },
    o
  )
  for (const r of s.regions) {
    for (const name of [r.slug, r.identity]) {
      if (r.kmsAvailable) c.unavailable.delete(name)
      else c.unavailable.add(name)
    }
  }
  return s
}

export async function listKeys(
  c: ClientCore,
  region: string,
  filter: ListFilter = {},
  o?: CallOpts
): Promise<KmsKey[]> {
  const q = ListFilterSchema.parse(filter)
  const list = await c.run(
    {
      method: 'GET',
      path: `/v1/kms/${seg(region, 'region')}/keys`,
      query: q,
      schema: z.array(KmsKeySchema),
      idempotent: true,
      ctx: c.ctx('Listing keys', region)
    },
    o
  )
  return list.map((k) => c.remember(region, k))
}

export async function getKey(c: ClientCore, region: string, id: string, o?: CallOpts): Promise<KmsKey> {
  const k = await c.run(
    {
      method: 'GET',
      path: c.keyPath(region, id),
      schema: KmsKeySchema,
      idempotent: true,
      ctx: c.ctx(`Reading key ${id}`, region, id)
    },
    o
  )
  return c.remember(region, k)
}

/** Lists across projects: sent without X-Project-Identity, as the SDK does. */
export async function memberships(c: ClientCore, o?: CallOpts): Promise<OrganisationMembership[]> {
  return await c.run(
    {
      method: 'GET',
      path: '/v1/me/organisation-memberships',
      unscoped: true,
      schema: z.array(OrganisationMembershipSchema),
      idempotent: true,
      ctx: c.ctx('Listing organisations')
    },
    o
  )
}

/** Lists across projects: sent without X-Project-Identity, as the SDK does. */
export async function projects(c: ClientCore, o?: CallOpts): Promise<Project[]> {
  return await c.run(
    {
      method: 'GET',
      path: '/v1/projects',
      unscoped: true,
      schema: z.array(ProjectSchema),
      idempotent: true,
      ctx: c.ctx('Listing projects')
    },
    o
  )
}

/**
 * X-Project-Identity takes the project identity. A profile or `--project` may name the project by
 * slug, so it is looked up once in /v1/projects; a value that is already an identity is kept.
 */
export function resolveProject(c: ClientCore): Promise<string | undefined> {
  c.projectLookup ??= (async () => {
    const wanted = c.project!
    let list: Project[]
    try {
      list = await projects(c)
    } catch (e) {
      // Without the projects feature the list is unavailable: the value can only be an identity.
      if (e instanceof KmsError && (e.code === 'kms_not_enabled' || e.code === 'not_found_or_no_access')) return wanted
      throw e
    }
    const p = list.find((x) => x.identity === wanted) ?? list.find((x) => x.slug === wanted)
    if (!p)
      throw badInput(
        `Project "${wanted}" is not a project of organisation ${c.organisation}`,
        'Pick a project from the list (GET /v1/projects), by identity or slug.',
        'project'
      )
    return p.identity
  })()
  c.projectLookup.catch(() => (c.projectLookup = undefined))
  return c.projectLookup
}
