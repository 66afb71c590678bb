import { DEFAULT_API_ENDPOINT, type ProfileAuth, type ProfileInput } from '@contract/schemas/profiles'

/** A profile found in the tcloud CLI config or the environment; `secret` goes to the keychain only. */
export interface ImportCandidate {
  source: 'tcloud' | 'env'
  /** tcloud context name, when from the config file. */
  context?: string
  current?: boolean
  input: ProfileInput
  secret?: string
  /** Why no secret came along, e.g. tcloud keeps it in its own keychain entry. */
  note?: string
}

export type Env = Record<string, string | undefined>

type Creds = { token?: string; accessToken?: string; clientID?: string; clientSecret?: string }

/** Prefer long-lived credentials: a PAT, then service-account credentials, then a (short-lived) access token. */
export function pickAuth(u: Creds): { auth: ProfileAuth; secret?: string } | undefined {
  if (u.token) return { auth: { kind: 'pat' }, secret: u.token }
  if (u.clientID)
    return { auth: { kind: 'client-credentials', clientId: u.clientID }, secret: u.clientSecret || undefined }
  if (u.accessToken) return { auth: { kind: 'access-token' }, secret: u.accessToken }
  return undefined
}

/** THALASSA_* variables as used by tcloud and the Terraform provider (reference §9). */
export function candidateFromEnv(env: Env): ImportCandidate | undefined {
  const org = env.THALASSA_ORGANISATION || env.THALASSA_ORGANISATION_ID
  const picked = pickAuth({
    token: env.THALASSA_API_TOKEN || env.THALASSA_PERSONAL_ACCESS_TOKEN,
    clientID: env.THALASSA_CLIENT_ID,
    clientSecret: env.THALASSA_CLIENT_SECRET,
    accessToken: env.THALASSA_ACCESS_TOKEN
  })
  if (!org || !picked) return undefined
  return {
    source: 'env',
    input: {
      name: 'Environment (THALASSA_*)',
      endpoint: env.THALASSA_API_ENDPOINT || DEFAULT_API_ENDPOINT,
      organisation: org,
      ...(env.THALASSA_PROJECT_ID ? { project: env.THALASSA_PROJECT_ID } : {}),
      auth: picked.auth
    },
    ...(picked.secret
      ? { secret: picked.secret }
      : { note: 'THALASSA_CLIENT_SECRET is not set; enter the client secret here.' })
  }
}
