import { createPublicKey, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { keyFamily, KeyTypeSchema } from '@contract/schemas/key-types'
import { readTextFile, writeFileAtomic } from './atomic-write'
import { contentDigest } from './canonical-json'
import { badInput, integrity } from './errors'
import { FingerprintSchema, sameFingerprint, spkiFingerprint } from '../shared/fingerprint'
import { kwpLength } from './kwp'
import { materialMismatch } from './material-check'
import {
  HMAC_REFUSAL,
  HashFunctionSchema,
  ImportableKeyTypeSchema,
  RegionSchema,
  SYMMETRIC_LENGTH,
  isAsymmetric
} from './types'
import { checkFormat, parseJson, zodSummary } from './file-format'

const BUNDLE_FORMAT = 'thalassa-kms-byok-bundle'

const BundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  region: RegionSchema,
  /** Informational: where the wrapping key came from. */
  endpoint: z.string().optional(),
  organisation: z.string().optional(),
  wrappingKeyFingerprint: FingerprintSchema,
  wrappingKeyBits: z.number().int().min(2048),
  keyType: ImportableKeyTypeSchema,
  hashFunction: HashFunctionSchema,
  name: z.string().min(1).max(255),
  description: z.string().max(1024).optional(),
  labels: z.record(z.string(), z.string()).optional(),
  allowRotation: z.boolean(),
  /** base64( RSA-OAEP part ‖ KWP part ), sent as-is as `importKeyMaterial`. */
  importKeyMaterial: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not standard base64'),
  /** Asymmetric material only: SHA-256 of the SPKI DER of its public key, and that key (PEM). */
  publicKeyFingerprint: FingerprintSchema.optional(),
  publicKey: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  /** SHA-256 hex of the canonical JSON of every other field (catches corruption and edits). */
  digest: z.string().regex(/^[0-9a-f]{64}$/, 'not a lowercase hex SHA-256')
})
export type Bundle = z.infer<typeof BundleSchema>

const MAKE_AGAIN = 'Make the bundle again on the offline workstation (tkms byok prepare) and carry the new file over.'

/** Validate a bundle (object or JSON text); every refusal says what is wrong with it. */
export function parseBundle(content: unknown): Bundle {
  const json = typeof content === 'string' ? parseJson(content, 'import bundle') : content
  checkFormat(json, BUNDLE_FORMAT, 'BYOK import bundle')
  const raw = json as Record<string, unknown>
  const t = KeyTypeSchema.safeParse(raw['keyType'])
  if (t.success && keyFamily(t.data) === 'hmac') throw badInput(HMAC_REFUSAL, undefined, 'keyType')
  const r = BundleSchema.safeParse(raw)
  if (!r.success) throw integrity(`The import bundle is invalid: ${zodSummary(r.error)}.`, MAKE_AGAIN)
  if (contentDigest(raw) !== r.data.digest) {
    throw integrity(
      'The import bundle was modified or corrupted after it was made (its digest does not match its content).',
      MAKE_AGAIN
    )
  }
  checkConsistency(r.data)
  return r.data
}

function checkConsistency(b: Bundle): void {
  if (isAsymmetric(b.keyType) !== (b.publicKeyFingerprint !== undefined)) {
    throw integrity(`The import bundle's publicKeyFingerprint does not fit key type ${b.keyType}.`, MAKE_AGAIN)
  }
  if (isAsymmetric(b.keyType) && b.publicKey === undefined) {
    throw integrity(`The import bundle has no publicKey, which key type ${b.keyType} needs.`, MAKE_AGAIN)
  }
  if (b.publicKey !== undefined) {
    let pub: KeyObject
    try {
      pub = createPublicKey(b.publicKey)
    } catch {
      throw integrity("The import bundle's publicKey is not a PEM public key.", MAKE_AGAIN)
    }
    if (b.publicKeyFingerprint === undefined || !sameFingerprint(spkiFingerprint(pub), b.publicKeyFingerprint)) {
      throw integrity("The import bundle's publicKeyFingerprint does not match its publicKey.", MAKE_AGAIN)
    }
    // The public key is the only view of the wrapped material: it must be of the declared type (§5).
    const mismatch = materialMismatch(b.keyType, pub)
    if (mismatch)
      throw integrity(`The import bundle's material does not fit its key type: ${mismatch}`, MAKE_AGAIN, 'keyType')
  }
  const blob = Buffer.from(b.importKeyMaterial, 'base64')
  const rsaBytes = b.wrappingKeyBits / 8
  const kwpBytes = blob.length - rsaBytes
  const symLen = SYMMETRIC_LENGTH[b.keyType]
  const badLength = kwpBytes < 16 || kwpBytes % 8 !== 0 || (symLen !== undefined && kwpBytes !== kwpLength(symLen))
  if (badLength) {
    throw integrity(
      `The import bundle's wrapped material has an impossible length (${blob.length} bytes) for ${b.keyType} under RSA-${b.wrappingKeyBits}.`,
      MAKE_AGAIN
    )
  }
}

/** Add the digest to a bundle body. */
export function sealBundle(body: Omit<Bundle, 'digest'>): Bundle {
  return parseBundle({ ...body, digest: contentDigest(body) })
}

/** Non-secret view of a bundle, for display and for crossing IPC. */
export function describeBundle(b: Bundle): Omit<Bundle, 'importKeyMaterial' | 'publicKey'> & { wrappedBytes: number } {
  const { importKeyMaterial, publicKey: _pub, ...rest } = b
  return { ...rest, wrappedBytes: Buffer.from(importKeyMaterial, 'base64').length }
}

export async function writeBundle(file: string, b: Bundle): Promise<void> {
  parseBundle(b)
  // The blob is useless without the KMS's private wrapping key, but keep it private anyway.
  await writeFileAtomic(file, `${JSON.stringify(b, null, 2)}\n`, { mode: 0o600 })
}

export async function readBundle(file: string): Promise<Bundle> {
  return parseBundle(await readTextFile(file, 'import bundle'))
}
