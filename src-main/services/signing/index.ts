/** File signing and HMAC with KMS keys: detached JSON files (docs/file-format.md §7). Electron-free. */
export { FILE_HASHES, hashFile, parseFileHash, type FileHash } from './hash-file'
export type { SigningKms } from './kms-port'
export { signFile, verifyFileOnline, SIGNATURE_EXTENSION } from './sign'
export { verifyFileOffline } from './offline'
export { SCHEME_LABEL } from './local-verify'
export { hmacFile, verifyHmacFile, HMAC_EXTENSION } from './hmac'
export { HmacFileSchema, SignatureFileSchema } from './signature-file'
export { kmsSigning } from './kms-signing'
export {
  signFileStandard,
  SIGNATURE_FORMATS,
  FORMAT_EXTENSION,
  type SignatureFormat,
  type StandardSignResult
} from './standard-sign'
export {
  detectSignature,
  verifyStandard,
  type DetectedSignature,
  type KeySource,
  type StandardVerifyResult
} from './standard-verify'
export { jwkThumbprint } from './jws'
export { verifyStandardFile } from './standard-report'
