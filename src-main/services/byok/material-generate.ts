import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'
import { keyFamily } from '@contract/schemas/key-types'
import type { KeyMaterial } from './material'
import { checkPrivateKey, checkSecretBytes } from './material-check'
import { SYMMETRIC_LENGTH, assertImportable } from './types'

const genPair = promisify(generateKeyPair)
const CURVE: Record<string, string> = { 'ecdsa-p256': 'P-256', 'ecdsa-p384': 'P-384', 'ecdsa-p521': 'P-521' }

/**
 * Generate fresh material for `keyType` from the OS CSPRNG (through node:crypto), already in
 * the import encoding. HMAC types are refused like everywhere else.
 */
export async function generateMaterial(keyType: string): Promise<KeyMaterial> {
  const t = assertImportable(keyType)
  const len = SYMMETRIC_LENGTH[t]
  if (len !== undefined) return checkSecretBytes(t, randomBytes(len), 'generated')
  let privateKey: KeyObject
  switch (keyFamily(t)) {
    case 'rsa':
      ;({ privateKey } = await genPair('rsa', { modulusLength: Number(t.slice(4)), publicExponent: 0x10001 }))
      break
    case 'ecdsa':
      ;({ privateKey } = await genPair('ec', { namedCurve: CURVE[t] ?? '' }))
      break
    default:
      ;({ privateKey } = await genPair('ed25519', {}))
  }
  return checkPrivateKey(t, privateKey)
}
