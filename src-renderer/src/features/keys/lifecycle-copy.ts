import type { KmsKey } from '@contract/schemas/kms'
import { isKeyType, supports } from '@contract/key-matrix'

/** Why Rotate cannot run now, with the fix that applies to this key's state. */
export function rotateBlocked(k: Pick<KmsKey, 'status'>): string | undefined {
  if (k.status === 'pending_deletion') return 'The key is pending deletion: cancel the deletion to rotate it.'
  if (k.status === 'disabled') return 'The key is disabled: enable it to rotate it.'
  if (k.status !== 'active') return `A key in state "${k.status}" cannot rotate.`
  return undefined
}

/** What stops at once when this key is disabled, for the confirmation. */
export function disableStops(k: Pick<KmsKey, 'keyType'>): string[] {
  const t = k.keyType
  const out: string[] = []
  if (isKeyType(t) && supports(t, 'encrypt'))
    out.push(
      'Every decrypt and encrypt with it: files and text encrypted to this key cannot be opened until it is enabled again.'
    )
  if (isKeyType(t) && supports(t, 'sign')) out.push('Every signature with it, and verification through the KMS.')
  if (isKeyType(t) && supports(t, 'hmac')) out.push('Every HMAC computed or verified with it.')
  out.push('Rotation (automatic and manual).')
  return out
}
