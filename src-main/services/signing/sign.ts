import { keyFamily, supports } from '../../../src-preload/contract/schemas/key-types'
import { FileError, fromWrapperError } from '../files/errors'
import type { FileProgress } from '../files/types'
import { hashFile, hashFileSized, KMS_HASH_NAME, type FileHash } from './hash-file'
import type { SigningKms } from './kms-port'
import { fileEntry, readJsonFile, SignatureFileSchema, writeJsonFile, type SignatureFile, type SignedKey } from './signature-file'

export const SIGNATURE_EXTENSION = '.sig.json'

export interface SignFileOptions {
  file: string
  kms: SigningKms
  key: Omit<SignedKey, 'keyVersion'>
  hash?: FileHash
  /** RSA only; default `pss`. */
  rsaPadding?: 'pss' | 'pkcs1v15'
  /** Default `<file>.sig.json`. */
  output?: string
  overwrite?: boolean
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
}

export function versionOf(kmsString: string): string | undefined {
  return /^thalassa:v(\d+):/.exec(kmsString)?.[1]
}

/** How a key type signs a file digest (docs/file-format.md §7). */
export function signingScheme(s: Pick<SignatureFile, 'key'> & { rsaPadding?: 'pss' | 'pkcs1v15' }): { prehashed: boolean; signatureAlgorithm: SignatureFile['signatureAlgorithm'] } {
  const family = keyFamily(s.key.keyType)
  if (family === 'rsa') return { prehashed: true, signatureAlgorithm: s.rsaPadding ?? 'pss' }
  if (family === 'ecdsa') return { prehashed: true, signatureAlgorithm: 'ecdsa-der' }
  // Ed25519 cannot sign prehashed input: it signs the digest bytes as the message (hash-then-sign).
  return { prehashed: false, signatureAlgorithm: 'ed25519' }
}

/** Hashes the file locally as a stream, has the KMS sign the digest, writes `<file>.sig.json`. */
export async function signFile(o: SignFileOptions): Promise<{ output: string; signature: SignatureFile }> {
  if (!supports(o.key.keyType, 'sign')) throw new FileError('bad_input', `A ${o.key.keyType} key cannot sign; choose an RSA, ECDSA or Ed25519 key`)
  const hash = o.hash ?? 'sha256'
  const output = o.output ?? `${o.file}${SIGNATURE_EXTENSION}`
  const { digest, size } = await hashFileSized(o.file, hash, o.onProgress, o.signal)
  const scheme = signingScheme({ key: { ...o.key }, ...(o.rsaPadding ? { rsaPadding: o.rsaPadding } : {}) })
  let res: { signature: string; keyVersion?: string }
  try {
    res = await o.kms.sign(o.key.region, o.key.identity, {
      input: digest.toString('base64'),
      prehashed: scheme.prehashed,
      ...(scheme.prehashed ? { hashAlgorithm: KMS_HASH_NAME[hash] } : {}),
      ...(scheme.signatureAlgorithm === 'pss' || scheme.signatureAlgorithm === 'pkcs1v15' ? { signatureAlgorithm: scheme.signatureAlgorithm } : {})
    }, o.signal)
  } catch (e) {
    throw fromWrapperError(e, `Key ${o.key.region}/${o.key.slug || o.key.identity} could not sign`)
  }
  const keyVersion = res.keyVersion ?? versionOf(res.signature)
  const signature: SignatureFile = SignatureFileSchema.parse({
    format: 'thalassa-kms-signature', version: 1, kind: 'signature',
    key: { ...o.key, ...(keyVersion ? { keyVersion: String(keyVersion) } : {}) },
    hash, file: fileEntry(o.file, size),
    digest: digest.toString('hex'), createdAt: new Date().toISOString(), ...scheme, signature: res.signature
  })
  await writeJsonFile(output, signature, o.overwrite)
  return { output, signature }
}

export interface VerifyResult {
  valid: boolean
  /** Why it is not valid, in words for the user. */
  reason?: string
  signature: SignatureFile
}

/** Re-hashes the file and compares with the signed digest; the caller checks the signature over it. */
export async function checkDigest(file: string, sig: Pick<SignatureFile, 'hash' | 'digest' | 'file'>, onProgress?: (p: FileProgress) => void, signal?: AbortSignal): Promise<{ digest: Buffer; reason?: string }> {
  const digest = await hashFile(file, sig.hash, onProgress, signal)
  if (digest.toString('hex') !== sig.digest) return { digest, reason: 'The file does not match the signed digest: it was changed after signing, or it is another file' }
  return { digest }
}

/** Verifies with the KMS `verify` endpoint (needs network and access to the key). */
export async function verifyFileOnline(o: { file: string; sigFile?: string; kms: SigningKms; onProgress?: (p: FileProgress) => void; signal?: AbortSignal }): Promise<VerifyResult> {
  const signature = await readJsonFile(o.sigFile ?? `${o.file}${SIGNATURE_EXTENSION}`, SignatureFileSchema, 'signature file')
  const { digest, reason } = await checkDigest(o.file, signature, o.onProgress, o.signal)
  if (reason) return { valid: false, reason, signature }
  let valid: boolean
  try {
    ;({ valid } = await o.kms.verify(signature.key.region, signature.key.identity, {
      input: digest.toString('base64'),
      signature: signature.signature,
      prehashed: signature.prehashed,
      ...(signature.prehashed ? { hashAlgorithm: KMS_HASH_NAME[signature.hash] } : {}),
      ...(signature.signatureAlgorithm === 'pss' || signature.signatureAlgorithm === 'pkcs1v15' ? { signatureAlgorithm: signature.signatureAlgorithm } : {})
    }, o.signal))
  } catch (e) {
    throw fromWrapperError(e, `Key ${signature.key.region}/${signature.key.slug || signature.key.identity} could not verify`)
  }
  return valid ? { valid, signature } : { valid, reason: 'The KMS says the signature does not match this file and key', signature }
}
