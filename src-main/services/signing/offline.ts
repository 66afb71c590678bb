import { keyFamily } from '@contract/schemas/key-types'
import type { FileProgress } from '../file-format/types'
import { kmsBytes } from './kms-string'
import { SCHEME_LABEL, verifyLocally } from './local-verify'
import { parsePublicKey } from './public-key'
import { checkDigest, SIGNATURE_EXTENSION, type VerifyResult } from './sign'
import { readJsonFile, SignatureFileSchema } from './signature-file'

/** Verifies a signature file with an exported public key only: no network, no KMS. */
export async function verifyFileOffline(
  file: string,
  sigFile: string | undefined,
  publicKey: string,
  o: { onProgress?: (p: FileProgress) => void; signal?: AbortSignal } = {}
): Promise<VerifyResult> {
  const signature = await readJsonFile(
    sigFile ?? `${file}${SIGNATURE_EXTENSION}`,
    SignatureFileSchema,
    'signature file'
  )
  const key = parsePublicKey(publicKey)
  const family = keyFamily(signature.key.keyType)
  const expected = family === 'rsa' ? 'rsa' : family === 'ecdsa' ? 'ec' : 'ed25519'
  if (key.asymmetricKeyType !== expected) {
    return {
      valid: false,
      reason: `The public key is ${key.asymmetricKeyType ?? 'unknown'}, but the file was signed with a ${signature.key.keyType} key`,
      signature
    }
  }
  const { digest, reason } = await checkDigest(file, signature, o.onProgress, o.signal)
  if (reason) return { valid: false, reason, signature }
  // RSA/ECDSA signed the digest (prehashed); Ed25519 signed the digest bytes as its message.
  const r = verifyLocally({
    publicKey: key,
    hash: signature.hash,
    prehashed: signature.prehashed,
    data: digest,
    signature: kmsBytes(signature.signature)
  })
  return r.valid
    ? {
        valid: true,
        scheme: r.scheme!,
        detail: `verified with the given public key (${SCHEME_LABEL[r.scheme!]})`,
        signature
      }
    : { valid: false, reason: 'The signature does not match this file and public key', signature }
}
