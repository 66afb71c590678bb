/** File signing and HMAC with KMS keys: detached JSON files (docs/file-format.md §7). Electron-free. */
export { FILE_HASHES, hashFile, parseFileHash, type FileHash } from './hash-file'
export type { SigningKms } from './kms-port'
export { signFile, verifyFileOnline, SIGNATURE_EXTENSION, type SignFileOptions, type VerifyResult } from './sign'
export { parsePublicKey, verifyFileOffline } from './offline'
export { hmacFile, verifyHmacFile, HMAC_EXTENSION } from './hmac'
export { HmacFileSchema, SignatureFileSchema, type HmacFile, type SignatureFile, type SignedKey } from './signature-file'
export { kmsSigning } from './kms-signing'
