import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { FileKey } from '@contract/schemas/files'
import type { Signer, VerificationReport } from '@contract/schemas/verification'
import { FileError } from '../shared/file-errors'
import type { FileProgress } from '../file-format/types'
import type { PublicKeySource } from './fetched-key-verify'
import type { FileHash } from './hash-file'
import { algInfo } from './jws'
import { verifyStandard, type DetectedSignature, type StandardVerifyResult } from './standard-verify'
import { describeSigner, fingerprintOf, kmsFingerprint, type KeyLookup } from './verify-report'

export interface StandardFileCheck {
  file: string
  signature: Exclude<DetectedSignature, { format: 'sig-json' }>
  /** Online: the key the user chose (raw and JWS signatures name none). */
  key?: FileKey
  /** Offline: the exported public key text. */
  publicKey?: string
  /** Raw signatures: the hash used at signing (default sha256). */
  hash?: FileHash
  kms: PublicKeySource
  lookup?: KeyLookup
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
}

/** Neither the signature nor an offline check names a key: the report says so rather than guess. */
const UNNAMED: Signer = {
  region: '',
  identity: '',
  slug: '',
  keyType: 'unknown',
  stateNote: 'not named: raw and JWS signatures name no key; checked with the given public key'
}

/**
 * Verifies a raw or JWS signature of a file (the app's Files verify) and reports it like a .sig.json
 * verification: signer, version, hash, method and public-key fingerprint. These formats carry no
 * signing time, so the report has none.
 */
export async function verifyStandardFile(
  o: StandardFileCheck
): Promise<{ result: StandardVerifyResult; report: VerificationReport }> {
  const offline = o.publicKey !== undefined
  if (!offline && !o.key) {
    throw new FileError(
      'bad_input',
      `The signature of ${basename(o.file)} is ${o.signature.format === 'raw' ? 'a raw signature' : 'a detached JWS'}, which does not name the key that made it`,
      {
        hint: 'Choose the signing key under "Key that signed" (or verify offline with its exported public key), then verify again.'
      }
    )
  }
  const src =
    o.publicKey !== undefined ? { publicKey: o.publicKey } : { kms: o.kms, region: o.key!.region, id: o.key!.identity }
  const result = await verifyStandard(o.file, o.signature, src, {
    ...(o.hash ? { hash: o.hash } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {})
  })
  const version = result.keyVersion !== undefined ? String(result.keyVersion) : undefined
  const signer = o.key
    ? await describeSigner(
        { ...o.key, ...(version ? { keyVersion: version } : {}) },
        offline ? undefined : o.lookup,
        o.signal
      )
    : UNNAMED
  const fp =
    o.publicKey !== undefined
      ? fingerprintOf(o.publicKey)
      : o.lookup && o.key
        ? await kmsFingerprint(o.lookup, o.key.region, o.key.identity, version, o.signal)
        : undefined
  const size = await stat(o.file).then(
    (s) => s.size,
    () => 0
  )
  const report: VerificationReport = {
    format: 'thalassa-kms-verification-report',
    version: 1,
    kind: 'signature',
    subject: 'file',
    valid: result.valid,
    checkedAt: new Date().toISOString(),
    file: { name: basename(o.file), size },
    signer,
    hash: hashOf(o, result),
    ...(result.scheme ? { scheme: result.scheme } : {}),
    method:
      result.detail ?? `${o.signature.format === 'raw' ? 'raw signature' : 'detached JWS'} (carries no signing time)`,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(fp ? { publicKeyFingerprint: fp } : {})
  }
  return { result, report }
}

/** Raw: the hash chosen (Ed25519 signs the file itself); JWS: the one its alg names. */
function hashOf(o: StandardFileCheck, r: StandardVerifyResult): string {
  if (o.signature.format === 'jws') {
    const alg = typeof o.signature.header['alg'] === 'string' ? o.signature.header['alg'] : ''
    return algInfo(alg)?.hash ?? (alg === 'EdDSA' ? 'none (Ed25519 signs the file itself)' : 'unknown')
  }
  return r.scheme === 'ed25519' ? 'none (Ed25519 signs the file itself)' : (o.hash ?? 'sha256')
}
