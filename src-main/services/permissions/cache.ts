import type { AppErrorCode } from '@contract/errors'
import type { Access, Permissions } from '@contract/schemas/permissions'

/** Operations that change keys; everything else recorded by the workspace uses them. */
const CHANGES = new Set([
  'keys:create',
  'keys:rotate',
  'keys:update-rotation',
  'keys:disable',
  'keys:enable',
  'keys:schedule-deletion',
  'keys:cancel-deletion',
  'byok:import',
  'byok:import-now',
  'byok:import-bundle'
])
/** Files jobs count too (their KMS calls encrypt, decrypt, sign or HMAC); online verify only reads public keys. */
const USES = new Set([
  'crypto:encrypt',
  'crypto:decrypt',
  'crypto:sign',
  'crypto:verify',
  'crypto:hmac',
  'crypto:verify-hmac',
  'keys:export-material',
  'files:encrypt',
  'files:decrypt',
  'files:reencrypt',
  'files:sign',
  'files:hmac',
  'files:verify-hmac'
])

/** Reads the API guards as a create: a refusal proves the token cannot change keys, a success proves nothing more. */
const CHANGE_GUARDED_READS = new Set(['byok:fetch-wrapping-key'])

export const CHANGE_DENIED =
  'Your token cannot change keys here: it can read them, but creating, rotating, disabling and deleting are refused.'
export const USE_DENIED = 'Your token cannot use keys here: it can read them, but cryptographic operations are refused.'

export interface PermissionScope {
  profileId: string
  region: string
  project?: string | undefined
}

const keyOf = (s: PermissionScope): string => `${s.profileId}|${s.region}|${s.project ?? ''}`

/**
 * What the token may do, learnt from the API's own answers per profile, region and project: a
 * write that succeeded proves access, a masked 404 on a key the token can read proves its lack.
 * Nothing is probed: until an answer arrives the access is "unknown" and actions stay enabled.
 */
export class PermissionCache {
  readonly #seen = new Map<string, { change: Access; use: Access }>()

  get(scope: PermissionScope): Permissions {
    const p = this.#seen.get(keyOf(scope)) ?? { change: 'unknown', use: 'unknown' }
    return {
      ...p,
      ...(p.change === 'denied' ? { changeReason: CHANGE_DENIED } : {}),
      ...(p.use === 'denied' ? { useReason: USE_DENIED } : {})
    }
  }

  /** Records the outcome ('ok' or an AppErrorCode) of one operation; only proofs change what is known. */
  record(
    scope: PermissionScope,
    operation: string,
    outcome: 'ok' | AppErrorCode | (string & Record<never, never>)
  ): void {
    const guarded = CHANGE_GUARDED_READS.has(operation)
    const kind = CHANGES.has(operation) || guarded ? 'change' : USES.has(operation) ? 'use' : undefined
    if (!kind) return
    const access: Access | undefined =
      outcome === 'ok' ? (guarded ? undefined : 'allowed') : outcome === 'no_write_access' ? 'denied' : undefined
    if (!access) return
    const k = keyOf(scope)
    const p = this.#seen.get(k) ?? { change: 'unknown', use: 'unknown' }
    this.#seen.set(k, { ...p, [kind]: access })
  }

  /** A profile whose secret or endpoint changed is a new token: forget what the old one could do. */
  forgetProfile(profileId: string): void {
    for (const k of [...this.#seen.keys()]) if (k.startsWith(`${profileId}|`)) this.#seen.delete(k)
  }
}
