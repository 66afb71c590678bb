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
const stable = new Map<string, string>()
export function stableIdentity(prefix: string, seed: string): string {
  const k = `${prefix}:${seed}`
  let id = stable.get(k)
  if (id === undefined) {
    id = `${prefix}-${base32(createHash('sha256').update(k).digest(), 20)}`
    stable.set(k, id)
  }
  return id
}

/** Slug from a name: lowercase, runs of non-alphanumerics become '-', trimmed of '-'. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}
