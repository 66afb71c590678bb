import { KEY_TYPES, supports, type KeyType } from '@contract/key-matrix'

type HmacKeyType = 'hmac' | 'hmac-sha256' | 'hmac-sha512'
/**
 * Key types the KMS imports: every type except the HMAC family (the contract's key matrix). A
 * module without zod, so the CLI lists them at start without building schemas.
 */
export const IMPORTABLE_KEY_TYPES = KEY_TYPES.filter((t): t is Exclude<KeyType, HmacKeyType> => supports(t, 'import'))
