import type { ProfileStore } from '../profiles/store'
import type { Workspace } from '../active-scope'
import type { PostureTarget } from './gather'

export interface PostureScopeOptions {
  /** Every project of each organisation (from /v1/projects), not only the current one. */
  allProjects?: boolean
  /** Every saved profile, not only the active one. */
  allProfiles?: boolean
}

/** The profiles and projects a posture run covers; by default the current scope only. */
export async function postureTargets(
  ws: Workspace,
  store: ProfileStore,
  o: PostureScopeOptions = {}
): Promise<PostureTarget[]> {
  const active = store.active()
  const current = (await ws.scope()).project
  const profiles = o.allProfiles ? store.list() : [active]
  const targets: PostureTarget[] = []
  for (const p of profiles) {
    const own = p.id === active.id ? current : p.project
    const base = (project: string | undefined): PostureTarget => ({
      profile: p.name,
      ...(project ? { project } : {}),
      client: () => ws.clientFor(p.id, project)
    })
    if (!o.allProjects) {
      targets.push(base(own))
      continue
    }
    try {
      const projects = await (await ws.clientFor(p.id, undefined)).projects()
      if (projects.length === 0) targets.push(base(undefined))
      for (const pr of projects) targets.push({ ...base(pr.identity), project: pr.slug || pr.identity })
    } catch {
      // No projects feature (or no access to the list): the profile's own scope still counts.
      targets.push(base(own))
    }
  }
  return targets
}
