import type { Signer, VerificationReport } from '@contract/schemas/verification'
import { spkiFingerprint } from '../shared/fingerprint'
import { parsePublicKey } from './public-key'
import type { HmacFile, SignatureFile, SignedKey } from './signature-file'

/** What the KMS says about a key now, and the fingerprint of one version's public key. */
export interface KeyLookup {
  keyInfo(
    region: string,
    id: string,
    signal?: AbortSignal
  ): Promise<{ name: string; status: string; latestVersion?: number }>
  publicKeys(
    region: string,
    id: string,
    version: number | undefined,
    signal?: AbortSignal
  ): Promise<Record<string, string>>
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e))

export function fingerprintOf(publicKey: string): string | undefined {
  try {
    return spkiFingerprint(parsePublicKey(publicKey))
  } catch {
    return undefined
  }
}

/** The signer as recorded in the file, with its current name and state when the KMS can be asked. */
export async function describeSigner(
  key: Omit<SignedKey, 'keyType'> & { keyType: string },
  lookup: KeyLookup | undefined,
  signal?: AbortSignal
): Promise<Signer> {
  const base: Signer = {
    region: key.region,
    identity: key.identity,
    slug: key.slug,
    keyType: key.keyType,
    ...(key.keyVersion ? { version: key.keyVersion } : {})
  }
  if (!lookup) return { ...base, stateNote: 'not checked: verified offline, without the KMS' }
  try {
    const k = await lookup.keyInfo(key.region, key.identity, signal)
    return {
      ...base,
      name: k.name,
      state: k.status,
      ...(k.latestVersion !== undefined ? { latestVersion: k.latestVersion } : {})
    }
  } catch (e) {
    return { ...base, stateNote: `could not be read: ${errorText(e)}` }
  }
}

/** Fingerprint of the public key of `version` as the KMS serves it; undefined for keys without one. */
export async function kmsFingerprint(
  lookup: KeyLookup,
  region: string,
  id: string,
  version: string | undefined,
  signal?: AbortSignal
): Promise<string | undefined> {
  if (!version) return undefined
  try {
    const keys = await lookup.publicKeys(region, id, Number(version), signal)
    const pem = keys[version] ?? Object.values(keys)[0]
    return pem === undefined ? undefined : fingerprintOf(pem)
  } catch {
    return undefined
  }
}

export interface FileCheck {
  valid: boolean
  reason?: string
  detail?: string
  scheme?: string
  /** The version whose public key matched (online). */
  version?: number
  /** Offline: the public key the user gave. */
  publicKey?: string
}

/** The report of a file verification, from the detached file and the check's outcome. */
export async function fileReport(
  doc: SignatureFile | HmacFile,
  check: FileCheck,
  lookup: KeyLookup | undefined,
  signal?: AbortSignal
): Promise<VerificationReport> {
  const version = check.version !== undefined ? String(check.version) : doc.key.keyVersion
  const signer = await describeSigner({ ...doc.key, ...(version ? { keyVersion: version } : {}) }, lookup, signal)
  const fp =
    doc.kind === 'hmac'
      ? undefined
      : check.publicKey !== undefined
        ? fingerprintOf(check.publicKey)
        : lookup
          ? await kmsFingerprint(lookup, doc.key.region, doc.key.identity, version, signal)
          : undefined
  return {
    format: 'thalassa-kms-verification-report',
    version: 1,
    kind: doc.kind,
    subject: 'file',
    valid: check.valid,
    checkedAt: new Date().toISOString(),
    file: doc.file,
    signer,
    signedAt: doc.createdAt,
    hash: doc.hash,
    digest: doc.digest,
    ...(check.scheme ? { scheme: check.scheme } : {}),
    ...(check.detail ? { method: check.detail } : {}),
    ...(check.reason ? { reason: check.reason } : {}),
    ...(fp ? { publicKeyFingerprint: fp } : {})
  }
}
