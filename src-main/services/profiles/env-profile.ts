import { ProfileSchema, type Profile } from '@contract/schemas/profiles'
import { AppFailure } from '../kms/errors'
import { parseEndpoint } from '../kms/endpoint'
import { ENV_PROFILE_ID } from './env-profile-id'
import { candidateFromEnv, type Env } from './tcloud-env'

export { ENV_PROFILE_ID }

export type EnvProfile =
  | { ok: true; profile: Profile; secret: string }
  /** Some THALASSA_* variables are set, but not enough for a profile. */
  | { ok: false; missing: string[] }

const NAMES = [
  'THALASSA_API_ENDPOINT',
  'THALASSA_ORGANISATION',
  'THALASSA_ORGANISATION_ID',
  'THALASSA_API_TOKEN',
  'THALASSA_PERSONAL_ACCESS_TOKEN',
  'THALASSA_ACCESS_TOKEN',
  'THALASSA_CLIENT_ID',
  'THALASSA_CLIENT_SECRET'
]

/**
 * The ephemeral `env` profile for headless use, from the variables the tcloud CLI and the Terraform
 * provider read: THALASSA_API_ENDPOINT, THALASSA_ORGANISATION, optional THALASSA_PROJECT_ID, and
 * THALASSA_API_TOKEN / THALASSA_PERSONAL_ACCESS_TOKEN, THALASSA_ACCESS_TOKEN or THALASSA_CLIENT_ID +
 * THALASSA_CLIENT_SECRET. The endpoint must be named: the secret goes only to the origin set beside it.
 * Undefined when none of them is set.
 */
export function envProfile(env: Env): EnvProfile | undefined {
  if (!NAMES.some((n) => env[n])) return undefined
  const c = candidateFromEnv(env)
  const missing: string[] = []
  if (!env.THALASSA_API_ENDPOINT) missing.push('THALASSA_API_ENDPOINT')
  if (!env.THALASSA_ORGANISATION && !env.THALASSA_ORGANISATION_ID) missing.push('THALASSA_ORGANISATION')
  const credential =
    env.THALASSA_API_TOKEN ||
    env.THALASSA_PERSONAL_ACCESS_TOKEN ||
    env.THALASSA_ACCESS_TOKEN ||
    (env.THALASSA_CLIENT_ID && env.THALASSA_CLIENT_SECRET)
  if (!credential)
    missing.push(
      env.THALASSA_CLIENT_ID
        ? 'THALASSA_CLIENT_SECRET'
        : 'THALASSA_API_TOKEN (or THALASSA_ACCESS_TOKEN, or THALASSA_CLIENT_ID and THALASSA_CLIENT_SECRET)'
    )
  if (missing.length || !c?.secret) return { ok: false, missing }
  try {
    parseEndpoint(c.input.endpoint ?? '')
  } catch (e) {
    const why = e instanceof AppFailure ? e.message : 'not a URL'
    throw new AppFailure({
      code: 'bad_input',
      message: `THALASSA_API_ENDPOINT: ${why}`,
      hint: 'Set it to an https URL such as https://api.thalassa.cloud (plain http only for a sandbox on loopback).'
    })
  }
  const at = new Date(0).toISOString()
  const profile = ProfileSchema.parse({
    ...c.input,
    id: ENV_PROFILE_ID,
    name: ENV_PROFILE_ID,
    kind: 'cloud',
    createdAt: at,
    updatedAt: at
  })
  return { ok: true, profile, secret: c.secret }
}
