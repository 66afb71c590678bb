import { bech32 } from '@scure/base'

/**
 * The age recipient and identity encodings of Thalassa keys (docs/interop.md, "Encodings").
 *
 * Recipient `age1thalassa1…`: Bech32 (no length limit, as age) of the key reference
 *   0x01 ‖ len(region) ‖ region ‖ key identity        (ASCII; len is one byte, 1..63)
 * Identity `AGE-PLUGIN-THALASSA-1…`: Bech32, upper case, of
 *   0x01 ‖ len(profile) ‖ profile ‖ key reference       (profile UTF-8, 0..255 bytes; empty = default)
 * Neither holds a secret: the identity names where the credentials are (a saved profile, or `env`
 * for the THALASSA_* variables), never the credentials themselves.
 */
const RECIPIENT_HRP = 'age1thalassa'
const IDENTITY_HRP = 'AGE-PLUGIN-THALASSA-'
const LAYOUT = 0x01
/** Region slugs and key identities as the API writes them: no spaces, no control characters. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/

export interface AgeKeyRef {
  region: string
  identity: string
}

export interface AgeIdentity {
  /** Saved profile name or id, `env` for THALASSA_* variables, or '' for tkms's default choice. */
  profile: string
  key: AgeKeyRef
}

export class AgeRefError extends Error {
  override name = 'AgeRefError'
}

function refBytes(k: AgeKeyRef): Uint8Array {
  if (!TOKEN.test(k.region) || k.region.length > 63) throw new AgeRefError(`"${k.region}" is not a region slug`)
  if (!TOKEN.test(k.identity) || k.identity.length > 128) throw new AgeRefError(`"${k.identity}" is not a key identity`)
  return Buffer.concat([
    Buffer.from([LAYOUT, k.region.length]),
    Buffer.from(k.region, 'ascii'),
    Buffer.from(k.identity, 'ascii')
  ])
}

function parseRef(b: Buffer): AgeKeyRef {
  if (b.length < 3 || b[0] !== LAYOUT)
    throw new AgeRefError(`unknown key reference layout ${b[0] ?? 'none'} (this plugin reads layout 1)`)
  const n = b[1]!
  const region = b.subarray(2, 2 + n).toString('latin1')
  const identity = b.subarray(2 + n).toString('latin1')
  if (n === 0 || b.length < 3 + n || !TOKEN.test(region) || !TOKEN.test(identity))
    throw new AgeRefError('the key reference is malformed')
  return { region, identity }
}

function decode(s: string, hrp: string): Buffer {
  let d: { prefix: string; words: number[] }
  try {
    d = bech32.decode(s as `${string}1${string}`, false)
  } catch (e) {
    throw new AgeRefError(`not valid Bech32 (${e instanceof Error ? e.message : 'bad encoding'})`)
  }
  if (d.prefix !== hrp.toLowerCase()) throw new AgeRefError(`expected the prefix "${hrp}", got "${d.prefix}"`)
  return Buffer.from(bech32.fromWords(d.words))
}

export function encodeRecipient(k: AgeKeyRef): string {
  return bech32.encode(RECIPIENT_HRP, bech32.toWords(refBytes(k)), false)
}

export function decodeRecipient(s: string): AgeKeyRef {
  return parseRef(decode(s, RECIPIENT_HRP))
}

export function encodeIdentity(i: AgeIdentity): string {
  const profile = Buffer.from(i.profile, 'utf8')
  if (profile.length > 255) throw new AgeRefError('the profile name is longer than 255 bytes')
  const data = Buffer.concat([Buffer.from([LAYOUT, profile.length]), profile, refBytes(i.key)])
  return bech32.encode(IDENTITY_HRP, bech32.toWords(data), false).toUpperCase()
}

export function decodeIdentity(s: string): AgeIdentity {
  const b = decode(s, IDENTITY_HRP)
  if (b.length < 2 || b[0] !== LAYOUT)
    throw new AgeRefError(`unknown identity layout ${b[0] ?? 'none'} (this plugin reads layout 1)`)
  const n = b[1]!
  if (b.length < 2 + n) throw new AgeRefError('the identity is truncated')
  return { profile: b.subarray(2, 2 + n).toString('utf8'), key: parseRef(b.subarray(2 + n)) }
}

export const sameKey = (a: AgeKeyRef, b: AgeKeyRef): boolean => a.region === b.region && a.identity === b.identity
