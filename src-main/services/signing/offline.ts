import { createHash, createPublicKey, createVerify, constants, verify as verifyOneShot, type KeyObject } from 'node:crypto'
import { keyFamily } from '../../../src-preload/contract/schemas/key-types'
import { FileError } from '../files/errors'
import type { FileProgress } from '../files/types'
import { streamFile } from './hash-file'
import { SIGNATURE_EXTENSION, type VerifyResult } from './sign'
import { kmsBytes, readJsonFile, SignatureFileSchema } from './signature-file'

/**
 * Parses an exported public key: PEM (`-----BEGIN PUBLIC KEY-----`, RSA/ECDSA) or the base64 raw
 * 32-byte Ed25519 key the KMS exports.
 */
export function parsePublicKey(text: string): KeyObject {
  const t = text.trim()
  try {
    if (t.startsWith('-----BEGIN')) return createPublicKey(t)
    const raw = Buffer.from(t, 'base64')
    if (raw.length === 32 && raw.toString('base64') === t) {
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
    }
  } catch {
    // Fall through to the clear error below.
  }
  throw new FileError('bad_input', 'The public key is neither a PEM public key nor a base64 Ed25519 key', {
    hint: 'Export the public key of the signing key from the KMS and use it as is.'
  })
}

/** Verifies a signature file with an exported public key only: no network, no KMS. */
export async function verifyFileOffline(file: string, sigFile: string | undefined, publicKey: string, o: { onProgress?: (p: FileProgress) => void; signal?: AbortSignal } = {}): Promise<VerifyResult> {
  const signature = await readJsonFile(sigFile ?? `${file}${SIGNATURE_EXTENSION}`, SignatureFileSchema, 'signature file')
  const key = parsePublicKey(publicKey)
  const family = keyFamily(signature.key.keyType)
  const expected = family === 'rsa' ? 'rsa' : family === 'ecdsa' ? 'ec' : 'ed25519'
  if (key.asymmetricKeyType !== expected) {
    return { valid: false, reason: `The public key is ${key.asymmetricKeyType ?? 'unknown'}, but the file was signed with a ${signature.key.keyType} key`, signature }
  }
  const hash = createHash(signature.hash)
  // RSA and ECDSA signatures are over the file's digest as the signing hash: stream the file once
  // into both the digest and the verifier.
  const verifier = family === 'ed25519' ? undefined : createVerify(signature.hash)
  await streamFile(file, verifier ? [hash, verifier] : [hash], o.onProgress, o.signal)
  const digest = hash.digest()
  if (digest.toString('hex') !== signature.digest) {
    return { valid: false, reason: 'The file does not match the signed digest: it was changed after signing, or it is another file', signature }
  }
  const sig = kmsBytes(signature.signature)
  let valid: boolean
  if (!verifier) valid = verifyOneShot(null, digest, key, sig)
  else if (family === 'ecdsa') valid = verifier.verify({ key, dsaEncoding: 'der' }, sig)
  else {
    const pss = signature.signatureAlgorithm === 'pss'
    valid = verifier.verify(pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { key, padding: constants.RSA_PKCS1_PADDING }, sig)
  }
  return valid ? { valid, signature } : { valid, reason: 'The signature does not match this file and public key', signature }
}
