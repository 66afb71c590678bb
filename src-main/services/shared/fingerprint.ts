import { createHash, createPublicKey, type KeyObject } from 'node:crypto'
import { z } from 'zod'

/**
 * Fingerprints are SHA-256 over the DER SubjectPublicKeyInfo, written as lowercase hex pairs
 * separated by colons: exactly what `openssl dgst -sha256 -c` prints, so an officer can compare
 * them by eye with an independent tool. Plain hex and upper case are accepted on input.
 */
export function spkiFingerprint(key: KeyObject): string {
  const pub = key.type === 'public' ? key : createPublicKey(key)
  const der = pub.export({ format: 'der', type: 'spki' })
  return formatFingerprint(createHash('sha256').update(der).digest())
}

function formatFingerprint(digest: Uint8Array): string {
  return Buffer.from(digest).toString('hex').match(/../g)?.join(':') ?? ''
}

/** Canonical form of a fingerprint typed or pasted by a user; undefined when it is not one. */
export function normaliseFingerprint(value: string): string | undefined {
  const hex = value.trim().toLowerCase().replace(/:/g, '')
  if (!/^[0-9a-f]{64}$/.test(hex)) return undefined
  return formatFingerprint(Buffer.from(hex, 'hex'))
}

export const FingerprintSchema = z.string().transform((v, ctx) => {
  const n = normaliseFingerprint(v)
  if (n === undefined) {
    ctx.addIssue({ code: 'custom', message: 'not a SHA-256 fingerprint (64 hex digits, colons optional)' })
    return z.NEVER
  }
  return n
})

export const sameFingerprint = (a: string, b: string): boolean =>
  normaliseFingerprint(a) !== undefined && normaliseFingerprint(a) === normaliseFingerprint(b)
