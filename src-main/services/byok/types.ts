import { z } from 'zod'
import { KeyTypeSchema, keyFamily } from '@contract/schemas/key-types'
import { badInput } from './errors'
import { IMPORTABLE_KEY_TYPES } from './importable'

export { IMPORTABLE_KEY_TYPES }
export const ImportableKeyTypeSchema = z.enum(IMPORTABLE_KEY_TYPES)
export type ImportableKeyType = z.infer<typeof ImportableKeyTypeSchema>

export const HMAC_REFUSAL =
  'The Thalassa KMS does not import HMAC keys (hmac, hmac-sha256, hmac-sha512): only AES, ' +
  'ChaCha20-Poly1305, RSA, ECDSA and Ed25519 keys can be brought in.'
const HMAC_HINT = 'Create the HMAC key in the KMS instead, or choose an importable key type.'

/** Narrow any key type name to an importable one, with the HMAC refusal the user expects. */
export function assertImportable(keyType: string): ImportableKeyType {
  const known = KeyTypeSchema.safeParse(keyType)
  if (!known.success) {
    throw badInput(`Unknown key type "${keyType}".`, `Use one of: ${IMPORTABLE_KEY_TYPES.join(', ')}.`, 'keyType')
  }
  if (keyFamily(known.data) === 'hmac') throw badInput(HMAC_REFUSAL, HMAC_HINT, 'keyType')
  return ImportableKeyTypeSchema.parse(known.data)
}

export const isAsymmetric = (t: ImportableKeyType): boolean => keyFamily(t) !== 'symmetric'

/** Raw length of symmetric material, in bytes. */
export const SYMMETRIC_LENGTH: Partial<Record<ImportableKeyType, number>> = {
  'aes128-gcm96': 16,
  'aes256-gcm96': 32,
  'chacha20-poly1305': 32
}

/** Hash of the RSA-OAEP step (and its MGF1). Any case accepted; stored and sent lowercase. */
export const HASH_FUNCTIONS = ['sha1', 'sha256', 'sha384', 'sha512'] as const
export const HashFunctionSchema = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(HASH_FUNCTIONS))
export type HashFunction = z.infer<typeof HashFunctionSchema>
const DEFAULT_HASH_FUNCTION: HashFunction = 'sha256'

export function parseHashFunction(value: string | undefined): HashFunction {
  if (value === undefined) return DEFAULT_HASH_FUNCTION
  const r = HashFunctionSchema.safeParse(value)
  if (r.success) return r.data
  throw badInput(
    `Unsupported hash function "${value}" for the RSA-OAEP wrap.`,
    'Use sha256 (default), sha1, sha384 or sha512.',
    'hashFunction'
  )
}

/** Region slugs as the KMS names them (`nl-01`). */
export const RegionSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'not a region slug such as nl-01')
