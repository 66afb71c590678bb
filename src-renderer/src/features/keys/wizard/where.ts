import type { ProfileView } from '@contract/schemas/profiles'
import type { Project, Scope } from '@contract/schemas/scope'

export interface Where {
  profile: string
  organisation: string
  region: string
  project: string
}

/** Where a write lands, spelled out for a review step: profile · organisation · region · project. */
export function whereOf(
  profile: ProfileView | undefined,
  scope: Scope | undefined,
  projects: readonly Project[],
  region: string
): Where {
  const p = scope?.project
  const project =
    p === undefined ? 'none (organisation scope)' : (projects.find((x) => x.identity === p || x.slug === p)?.name ?? p)
  return {
    profile: profile
      ? `${profile.name}${profile.kind === 'sandbox' ? ' (local, not the cloud)' : ''}`
      : 'unknown profile',
    organisation: profile?.organisation ?? 'unknown',
    region,
    project
  }
}

export function whereLine(w: Where): string {
  return `${w.profile} · organisation ${w.organisation} · region ${w.region} · project ${w.project}`
}
