import type { FileOperation } from '@contract/schemas/files'

/** The operations of the Files screen, with the words the UI uses for each. */
export const OPERATIONS: readonly { id: FileOperation; label: string; verb: string; help: string }[] = [
  {
    id: 'encrypt',
    label: 'Encrypt',
    verb: 'Encrypt',
    help: 'Encrypts each file to one or more keys; any one of them opens it. Output: name.tkms.'
  },
  {
    id: 'decrypt',
    label: 'Decrypt',
    verb: 'Decrypt',
    help: 'No key to choose: each file names the keys that can open it, and they are tried in turn.'
  },
  {
    id: 'reencrypt',
    label: 'Re-encrypt',
    verb: 'Re-encrypt',
    help: 'Moves encrypted files to the latest key version, or to other keys, without writing the plaintext to disk.'
  },
  {
    id: 'sign',
    label: 'Sign',
    verb: 'Sign',
    help: 'Hashes each file locally and has the KMS sign the digest. Output beside the file: name.sig.json, a raw name.sig (OpenSSL) or a detached name.jws.'
  },
  {
    id: 'verify',
    label: 'Verify',
    verb: 'Verify',
    help: 'Checks name.sig.json, name.jws or name.sig against the file: online with the KMS, or offline with an exported public key.'
  },
  {
    id: 'hmac',
    label: 'HMAC',
    verb: 'Compute HMAC of',
    help: 'Hashes each file locally and has the KMS compute an HMAC of the digest. Output: name.hmac.json.'
  },
  {
    id: 'verify-hmac',
    label: 'Verify HMAC',
    verb: 'Verify HMAC of',
    help: 'Checks name.hmac.json against the file with the KMS.'
  }
]

export function operationInfo(id: FileOperation): (typeof OPERATIONS)[number] {
  return OPERATIONS.find((o) => o.id === id) ?? { id, label: id, verb: id, help: '' }
}
