import { keyFamily, supports } from '@contract/schemas/key-types'
import { FileError, fromWrapperError } from '../shared/file-errors'
import type { FileProgress } from '../file-format/types'
import { hashFile, hashFileSized, KMS_HASH_NAME, type FileHash } from './hash-file'
import { verifyWithKmsPublicKey } from './fetched-key-verify'
import type { SigningKms } from './kms-port'
import { versionOf } from './kms-string'
import type { SignatureScheme } from './local-verify'
import {
  fileEntry,
  readJsonFile,
  SignatureFileSchema,
  writeJsonFile,
  type SignatureFile,
  type SignedKey
} from './signature-file'

export const SIGNATURE_EXTENSION = '.sig.json'

export interface SignFileOptions {
  file: string
  kms: SigningKms
  key: Omit<SignedKey, 'keyVersion'>
  hash?: FileHash
  /** Default `<file>.sig.json` (`<file>.hmac.json` for an HMAC). */
  output?: string
  overwrite?: boolean
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
}

/**
 * Whether a key type signs a file digest as a digest (docs/file-format.md §7). Ed25519 cannot sign
 * prehashed input: it signs the digest bytes as the message (hash-then-sign).
 */
const signsPrehashed = (s: Pick<SignatureFile, 'key'>): boolean => keyFamily(s.key.keyType) !== 'ed25519'

/** Hashes the file locally as a stream, has the KMS sign the digest, writes `<file>.sig.json`. */
export async function signFile(o: SignFileOptions): Promise<{ output: string; signature: SignatureFile }> {
  if (!supports(o.key.keyType, 'sign'))
    throw new FileError('bad_input', `A ${o.key.keyType} key cannot sign; choose an RSA, ECDSA or Ed25519 key`)
  const hash = o.hash ?? 'sha256'
  const output = o.output ?? `${o.file}${SIGNATURE_EXTENSION}`
  const { digest, size } = await hashFileSized(o.file, hash, o.onProgress, o.signal)
  const prehashed = signsPrehashed({ key: o.key })
  let res: { signature: string; keyVersion?: string }
  try {
    res = await o.kms.sign(
      o.key.region,
      o.key.identity,
      { input: digest.toString('base64'), ...(prehashed ? { prehashed, hashAlgorithm: KMS_HASH_NAME[hash] } : {}) },
      o.signal
    )
  } catch (e) {
    throw fromWrapperError(e, `Key ${o.key.region}/${o.key.slug || o.key.identity} could not sign`)
  }
  const keyVersion = res.keyVersion ?? versionOf(res.signature)
  const signature: SignatureFile = SignatureFileSchema.parse({
    format: 'thalassa-kms-signature',
    version: 1,
    kind: 'signature',
    key: { ...o.key, ...(keyVersion ? { keyVersion: String(keyVersion) } : {}) },
    hash,
    file: fileEntry(o.file, size),
    digest: digest.toString('hex'),
    createdAt: new Date().toISOString(),
    prehashed,
    signature: res.signature
  })
  await writeJsonFile(output, signature, o.overwrite)
  return { output, signature }
}

export interface VerifyResult {
  valid: boolean
  /** Why it is not valid, in words for the user. */
  reason?: string
  /** How it was checked, in words for the user (e.g. which public key version, which scheme). */
  detail?: string
  /** The signature scheme that matched. */
  scheme?: SignatureScheme
  /** Online: the key version whose public key matched. */
  version?: number
  signature: SignatureFile
}

/** Re-hashes the file and compares with the signed digest; the caller checks the signature over it. */
export async function checkDigest(
  file: string,
  sig: Pick<SignatureFile, 'hash' | 'digest' | 'file'>,
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal
): Promise<{ digest: Buffer; reason?: string }> {
  const digest = await hashFile(file, sig.hash, onProgress, signal)
  if (digest.toString('hex') !== sig.digest)
    return {
      digest,
      reason: 'The file does not match the signed digest: it was changed after signing, or it is another file'
    }
  return { digest }
}

/**
 * Online verification: file signatures are made over a digest, which the API's verify endpoint
 * cannot check (it has no `prehashed`), so the key's public key for the signature's version is
 * fetched from the KMS and the signature is checked locally (needs read access to the key).
 */
export async function verifyFileOnline(o: {
  file: string
  sigFile?: string
  kms: SigningKms
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
}): Promise<VerifyResult> {
  const signature = await readJsonFile(
    o.sigFile ?? `${o.file}${SIGNATURE_EXTENSION}`,
    SignatureFileSchema,
    'signature file'
  )
  const { digest, reason } = await checkDigest(o.file, signature, o.onProgress, o.signal)
  if (reason) return { valid: false, reason, signature }
  const k = signature.key
  try {
    const r = await verifyWithKmsPublicKey(o.kms, {
      region: k.region,
      id: k.identity,
      signature: signature.signature,
      hash: signature.hash,
      prehashed: signature.prehashed,
      data: digest,
      ...(k.keyVersion ? { recordedVersion: k.keyVersion } : {}),
      ...(o.signal ? { signal: o.signal } : {})
    })
    return r.valid
      ? {
          valid: true,
          detail: r.detail,
          scheme: r.scheme!,
          ...(r.version !== undefined ? { version: r.version } : {}),
          signature
        }
      : {
          valid: false,
          reason: `The signature does not match this file and key: ${r.detail}`,
          detail: r.detail,
          signature
        }
  } catch (e) {
    throw fromWrapperError(e, `Key ${k.region}/${k.slug || k.identity}: its public key could not be read to verify`)
  }
}
