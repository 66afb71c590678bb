import { z } from 'zod'

/** How careful the UI is with a profile: production draws a band and asks more before deleting. */
export const EnvironmentSchema = z.enum(['sandbox', 'non-production', 'production'])
export type Environment = z.infer<typeof EnvironmentSchema>

/** A colour the user picks to recognise a profile (#rrggbb). */
export const ProfileColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1f6feb')

/** Default colours per environment when a profile has none of its own. */
const ENVIRONMENT_COLORS: Record<Environment, string> = {
  sandbox: '#8a6d00',
  'non-production': '#1f6feb',
  production: '#c62828'
}

/**
 * The environment a profile counts as. The Local sandbox is always a sandbox; a cloud profile
 * without one set counts as production, the careful default.
 */
export function environmentOf(p: { kind: 'cloud' | 'sandbox'; environment?: Environment | undefined }): Environment {
  if (p.kind === 'sandbox') return 'sandbox'
  return p.environment ?? 'production'
}

export function colorOf(p: {
  kind: 'cloud' | 'sandbox'
  environment?: Environment | undefined
  color?: string | undefined
}): string {
  return p.color ?? ENVIRONMENT_COLORS[environmentOf(p)]
}
