import type { Profile } from '@contract/schemas/profiles'
import { parseEndpoint } from '../kms/transport'

/**
 * What a stored secret was entered for: the API origin, the auth kind and (for a service account)
 * the client id. A secret is only ever sent for the same binding.
 */
export interface SecretBinding {
  origin: string
  auth: Profile['auth']['kind']
  clientId?: string
}

export function bindingOf(p: Pick<Profile, 'endpoint' | 'auth'>): SecretBinding {
  const origin = parseEndpoint(p.endpoint).origin
  return p.auth.kind === 'client-credentials'
    ? { origin, auth: p.auth.kind, clientId: p.auth.clientId }
    : { origin, auth: p.auth.kind }
}

export function sameBinding(a: SecretBinding, b: SecretBinding): boolean {
  return a.origin === b.origin && a.auth === b.auth && (a.clientId ?? '') === (b.clientId ?? '')
}

export function describeBinding(b: SecretBinding): string {
  return `${b.origin} (${b.auth}${b.clientId ? `, client ${b.clientId}` : ''})`
}
