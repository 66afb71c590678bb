import { createPublicKey, type KeyObject } from 'node:crypto'
import { z } from 'zod'
import { readTextFile, writeFileAtomic } from './atomic-write'
import { checkFormat, parseJson, zodSummary } from './file-format'
import { badInput, integrity } from './errors'
import { FingerprintSchema, sameFingerprint, spkiFingerprint } from '../shared/fingerprint'
import type { ByokKms } from './kms-port'
import { RegionSchema } from './types'

/** Smallest RSA wrapping key we wrap under; the service documents RSA-4096. */
const MIN_WRAPPING_KEY_BITS = 2048

export interface WrappingKey {
  key: KeyObject
  /** Canonical PEM `PUBLIC KEY` (SPKI), re-encoded from what the server sent. */
  publicKeyPem: string
  fingerprint: string
  rsaBits: number
  algorithm?: string
}

/** Parse and vet a wrapping key: an RSA public key of at least 2048 bits. */
export function parseWrappingKey(pem: string, algorithm?: string): WrappingKey {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    throw badInput(
      'This is a private key, not a wrapping key.',
      'The wrapping key is the public key the KMS publishes for the region.'
    )
  }
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch {
    throw badInput(
      'The wrapping key is not a PEM public key.',
      'Fetch it again from the KMS (tkms byok wrapping-key save).'
    )
  }
  const rsaBits = key.asymmetricKeyDetails?.modulusLength ?? 0
  if (key.asymmetricKeyType !== 'rsa') {
    throw badInput(`The wrapping key is a ${key.asymmetricKeyType ?? 'unknown'} key; BYOK needs an RSA key.`)
  }
  if (rsaBits < MIN_WRAPPING_KEY_BITS) {
    throw badInput(`The wrapping key is RSA-${rsaBits}; at least RSA-${MIN_WRAPPING_KEY_BITS} is required.`)
  }
  const publicKeyPem = key.export({ format: 'pem', type: 'spki' }).toString()
  const wk: WrappingKey = { key, publicKeyPem, fingerprint: spkiFingerprint(key), rsaBits }
  if (algorithm !== undefined) wk.algorithm = algorithm
  return wk
}

const WRAPPING_KEY_FILE_FORMAT = 'thalassa-kms-wrapping-key'

const WrappingKeyFileSchema = z.object({
  format: z.literal(WRAPPING_KEY_FILE_FORMAT),
  version: z.literal(1),
  region: RegionSchema,
  /** API base URL the key was fetched from (informational on the offline machine). */
  endpoint: z.string().min(1),
  /** Organisation slug or identity the key was fetched for (informational). */
  organisation: z.string().min(1),
  publicKey: z.string().min(1),
  algorithm: z.string().optional(),
  fingerprint: FingerprintSchema,
  rsaBits: z.number().int().positive(),
  fetchedAt: z.iso.datetime({ offset: true })
})
export type WrappingKeyFile = z.infer<typeof WrappingKeyFileSchema>

export interface WrappingKeySource {
  endpoint: string
  organisation: string
}

/** Fetch the region's wrapping key and describe it as a wrapping-key file (not yet saved). */
export async function fetchWrappingKey(
  kms: ByokKms,
  region: string,
  source: WrappingKeySource,
  now: Date = new Date()
): Promise<{ file: WrappingKeyFile; wrappingKey: WrappingKey }> {
  const res = await kms.getWrappingKey(region)
  const wrappingKey = parseWrappingKey(res.publicKey, res.algorithm)
  const file: WrappingKeyFile = {
    format: WRAPPING_KEY_FILE_FORMAT,
    version: 1,
    region: RegionSchema.parse(region),
    endpoint: source.endpoint,
    organisation: source.organisation,
    publicKey: wrappingKey.publicKeyPem,
    fingerprint: wrappingKey.fingerprint,
    rsaBits: wrappingKey.rsaBits,
    fetchedAt: now.toISOString()
  }
  if (res.algorithm !== undefined) file.algorithm = res.algorithm
  return { file, wrappingKey }
}

/** Validate a wrapping-key file's content; the fingerprint is recomputed, never trusted. */
export function parseWrappingKeyFile(content: unknown): { file: WrappingKeyFile; wrappingKey: WrappingKey } {
  const json = typeof content === 'string' ? parseJson(content, 'wrapping-key file') : content
  checkFormat(json, WRAPPING_KEY_FILE_FORMAT, 'wrapping-key file')
  const r = WrappingKeyFileSchema.safeParse(json)
  if (!r.success) throw integrity(`The wrapping-key file is invalid: ${zodSummary(r.error)}.`, SAVE_AGAIN)
  const file = r.data
  const wrappingKey = parseWrappingKey(file.publicKey, file.algorithm)
  if (!sameFingerprint(wrappingKey.fingerprint, file.fingerprint)) {
    throw integrity(
      `The wrapping-key file's fingerprint ${file.fingerprint} does not match its public key (${wrappingKey.fingerprint}): the file was altered or corrupted.`,
      SAVE_AGAIN
    )
  }
  if (wrappingKey.rsaBits !== file.rsaBits) {
    throw integrity(
      `The wrapping-key file says RSA-${file.rsaBits} but its key is RSA-${wrappingKey.rsaBits}.`,
      SAVE_AGAIN
    )
  }
  return { file, wrappingKey }
}

const SAVE_AGAIN =
  'Save the wrapping key again on the online machine (tkms byok wrapping-key save) and carry the new file over.'

export async function saveWrappingKeyFile(
  file: string,
  content: WrappingKeyFile,
  opts: { overwrite?: boolean } = {}
): Promise<void> {
  parseWrappingKeyFile(content) // never write a file we would refuse to load
  await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, {
    mode: 0o644,
    overwrite: opts.overwrite ?? false
  })
}

export async function loadWrappingKeyFile(file: string): Promise<{ file: WrappingKeyFile; wrappingKey: WrappingKey }> {
  return parseWrappingKeyFile(await readTextFile(file, 'wrapping-key file'))
}
