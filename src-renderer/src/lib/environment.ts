import type { Environment } from '@contract/schemas/environment'

export const ENVIRONMENT_LABELS: Record<Environment, string> = {
  sandbox: 'Sandbox',
  'non-production': 'Non-production',
  production: 'Production'
}

export const ENVIRONMENTS: readonly Environment[] = ['production', 'non-production', 'sandbox']

/** Text of the one context line every write dialog carries: profile · organisation · region · project. */
export function contextText(c: {
  profile: string
  organisation: string
  region: string | undefined
  project: string | undefined
}): string {
  return [
    c.profile,
    `organisation ${c.organisation}`,
    `region ${c.region ?? '—'}`,
    c.project ? `project ${c.project}` : 'organisation scope (no project)'
  ].join(' · ')
}
