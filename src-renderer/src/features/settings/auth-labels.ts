import type { AuthKind } from '@contract/schemas/profiles'

export const AUTH_LABELS: Record<AuthKind, string> = {
  pat: 'Personal access token',
  'access-token': 'Access token (Bearer)',
  'client-credentials': 'Service account (client credentials)'
}

export const SECRET_LABELS: Record<AuthKind, string> = {
  pat: 'Personal access token',
  'access-token': 'Access token',
  'client-credentials': 'Client secret'
}

export const SECRET_STATUS: Record<string, string> = {
  stored: 'Stored in keychain',
  missing: 'No secret stored',
  builtin: 'Built in (local)',
  keychain_unavailable: 'Keychain unavailable'
}
