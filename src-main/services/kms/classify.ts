import { isKeyType, supports, type KeyOperation } from '@contract/key-matrix'
import { KmsError } from './errors'

/** The key operations the client asks for; each 400 is classified from the operation and the key. */
export type KeyOp =
  | 'encrypt'
  | 'decrypt'
  | 'sign'
  | 'verify'
  | 'hmac'
  | 'verify-hmac'
  | 'public-key'
  | 'export'
  | 'rotate'
  | 'rotation'
  | 'disable'
  | 'enable'
  | 'delete'
  | 'cancel-deletion'

/** What the client last read about a key (GET, list, create or a lifecycle answer). */
export interface KnownKey {
  keyType: string
  status: string
  exportAllowed: boolean
}

const MATRIX: Partial<Record<KeyOp, KeyOperation>> = {
  encrypt: 'encrypt',
  decrypt: 'encrypt',
  sign: 'sign',
  verify: 'sign',
  hmac: 'hmac',
  'verify-hmac': 'hmac',
  'public-key': 'publicKey'
}
/** Operations the service refuses on a disabled or pending-deletion key. */
const NEEDS_ACTIVE: ReadonlySet<KeyOp> = new Set([
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'hmac',
  'verify-hmac',
  'export',
  'rotate'
])

function reclassify(e: KmsError, code: 'key_not_usable' | 'wrong_operation', hint: string): KmsError {
  return new KmsError({ ...e.appError, code, hint })
}

/**
 * A 400 carries no error code (the API sends only `{"message"}`), so its sub-code comes from what
 * the client knows: the operation asked and the key's type and status from its last read. The
 * server's message stays in the error as it was sent; unexplained 400s remain `validation`.
 */
export function classify400(e: KmsError, op: KeyOp, k: KnownKey | undefined): KmsError {
  if (e.appError.status !== 400 || !k) return e
  const matrixOp = MATRIX[op]
  if (matrixOp && isKeyType(k.keyType) && !supports(k.keyType, matrixOp))
    return reclassify(
      e,
      'wrong_operation',
      `A ${k.keyType} key cannot do this; pick a key whose type supports it (see the key type matrix).`
    )
  if (NEEDS_ACTIVE.has(op) && (k.status === 'disabled' || k.status === 'pending_deletion'))
    return reclassify(
      e,
      'key_not_usable',
      k.status === 'disabled'
        ? 'The key is disabled: enable it and try again.'
        : 'The key is pending deletion: cancel the deletion and try again.'
    )
  if ((op === 'enable' || op === 'disable') && k.status === 'pending_deletion')
    return reclassify(e, 'key_not_usable', 'The key is pending deletion: cancel the deletion first.')
  if (op === 'export' && !k.exportAllowed)
    return reclassify(
      e,
      'wrong_operation',
      'This key was created without exportAllowed, which cannot be turned on later.'
    )
  return e
}

const CHANGES: ReadonlySet<KeyOp> = new Set(['rotate', 'rotation', 'disable', 'enable', 'delete', 'cancel-deletion'])
const USES: ReadonlySet<KeyOp> = new Set(['encrypt', 'decrypt', 'sign', 'verify', 'hmac', 'verify-hmac', 'export'])

/** Whether an operation writes: changes the key, or uses it (the API guards both as writes). */
export function writeKind(op: KeyOp): 'change' | 'use' | undefined {
  return CHANGES.has(op) ? 'change' : USES.has(op) ? 'use' : undefined
}
