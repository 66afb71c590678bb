import { createHash, type KeyObject } from 'node:crypto'
import type { KeyType } from '@contract/schemas/key-types'
import { keyFamily } from '@contract/schemas/key-types'
import { FileError } from '../shared/file-errors'
import type { FileHash } from './hash-file'
import type { SignatureScheme } from './local-verify'

/**
 * Detached compact JWS with an unencoded payload (RFC 7515 + RFC 7797): the file is the payload,
 * signed as is, and not repeated in the output `BASE64URL(header)..BASE64URL(signature)`.
 * Header: {"alg", "kid": RFC 7638 SHA-256 JWK thumbprint of the public key, "b64": false, "crit": ["b64"]}.
 */
export type JwsAlg = 'PS256' | 'PS384' | 'PS512' | 'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'
export interface JwsHeader {
  alg: JwsAlg
  kid: string
  b64: false
  crit: ['b64']
}

const HASH_BITS: Record<FileHash, string> = { sha256: '256', sha384: '384', sha512: '512' }
const ALG_HASH: Record<string, FileHash> = { 256: 'sha256', 384: 'sha384', 512: 'sha512' }
const CURVE_HASH: Partial<Record<KeyType, FileHash>> = {
  'ecdsa-p256': 'sha256',
  'ecdsa-p384': 'sha384',
  'ecdsa-p521': 'sha512'
}

/** The hash a key signs JWS with: ECDSA's follows its curve (ES256/ES384/ES512); RSA's is chosen. */
export function jwsHash(keyType: KeyType, chosen: FileHash | undefined): FileHash {
  const curve = CURVE_HASH[keyType]
  if (curve && chosen && chosen !== curve)
    throw new FileError(
      'bad_input',
      `A JWS signature with a ${keyType} key uses ${curve} (JWA ${'ES' + HASH_BITS[curve]}), not ${chosen}`,
      { hint: `Leave out --hash, or use --hash ${curve}.` }
    )
  return curve ?? chosen ?? 'sha256'
}

export function jwsAlg(keyType: KeyType, hash: FileHash, scheme: 'pss' | 'pkcs1v15' = 'pss'): JwsAlg {
  const f = keyFamily(keyType)
  if (f === 'ed25519') return 'EdDSA'
  if (f === 'ecdsa') return `ES${HASH_BITS[hash]}` as JwsAlg
  return `${scheme === 'pss' ? 'PS' : 'RS'}${HASH_BITS[hash]}` as JwsAlg
}

/** The hash and scheme an `alg` names (undefined hash: EdDSA signs the message itself). */
export function algInfo(alg: string): { hash?: FileHash; schemes: SignatureScheme[] } | undefined {
  if (alg === 'EdDSA') return { schemes: ['ed25519'] }
  const m = /^(PS|RS|ES)(256|384|512)$/.exec(alg)
  if (!m) return undefined
  const schemes: SignatureScheme[] = m[1] === 'PS' ? ['rsa-pss'] : m[1] === 'RS' ? ['rsa-pkcs1v15'] : ['ecdsa-p1363']
  return { hash: ALG_HASH[m[2]!]!, schemes }
}

/** RFC 7638: SHA-256 over the required JWK members in lexicographic order, base64url. */
export function jwkThumbprint(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' })
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: 'RSA', n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x }
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url')
}

export const encodeHeader = (h: JwsHeader): string => Buffer.from(JSON.stringify(h)).toString('base64url')

const COMPACT_DETACHED = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/

/** Parses `header..signature`; undefined when the text is not a detached compact JWS. */
export function parseDetachedJws(
  text: string
): { headerB64: string; header: Record<string, unknown>; signature: Buffer } | undefined {
  const m = COMPACT_DETACHED.exec(text.trim())
  if (!m) return undefined
  try {
    const header = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as unknown
    if (typeof header !== 'object' || header === null || Array.isArray(header)) return undefined
    return { headerB64: m[1]!, header: header as Record<string, unknown>, signature: Buffer.from(m[2]!, 'base64url') }
  } catch {
    return undefined
  }
}
