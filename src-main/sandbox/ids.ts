import { createHash, randomBytes } from 'node:crypto'

// Lowercase base32hex, the alphabet of platform identities such as `sa-d5obd77ua50s73ab91ig`.
const ALPHABET = '0123456789abcdefghijklmnopqrstuv'

function base32(bytes: Uint8Array, length: number): string {
  let out = ''
  let bits = 0
  let acc = 0
  for (const b of bytes) {
    acc = (acc << 8) | b
    bits += 8
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31]
      bits -= 5
    }
    acc &= (1 << bits) - 1
  }
  return out
}

/** A fresh identity: prefix + '-' + 20 lowercase base32 characters. */
export function newIdentity(prefix: string): string {
  return `${prefix}-${base32(randomBytes(13), 20)}`
}

/** A stable identity for configured objects (organisations, projects, regions) so restarts keep them. */
export function stableIdentity(prefix: string, seed: string): string {
  return `${prefix}-${base32(createHash('sha256').update(`${prefix}:${seed}`).digest(), 20)}`
}

/** Slug from a name: lowercase, runs of non-alphanumerics become '-', trimmed of '-'. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
