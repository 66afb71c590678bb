/** BYOK core: wrapping keys, key material, wrapping, bundles, import. Electron-free. */
export { ByokError } from './errors'
export type { ByokKms } from './kms-port'
export { IMPORTABLE_KEY_TYPES, HASH_FUNCTIONS, HMAC_REFUSAL, assertImportable, parseHashFunction } from './types'
export type { ImportableKeyType, HashFunction } from './types'
export { spkiFingerprint, normaliseFingerprint, sameFingerprint } from '../shared/fingerprint'
export {
  fetchWrappingKey,
  parseWrappingKey,
  parseWrappingKeyFile,
  saveWrappingKeyFile,
  loadWrappingKeyFile,
  WrappingKeyFileSchema,
  WRAPPING_KEY_FILE_FORMAT
} from './wrapping-key'
export type { WrappingKey, WrappingKeyFile, WrappingKeySource } from './wrapping-key'
export { KeyMaterial } from './material'
export type { MaterialPublicKey } from './material'
export { generateMaterial } from './material-generate'
export { loadMaterial, loadMaterialFile } from './material-load'
export type { LoadMaterialOptions } from './material-load'
export { MATERIAL_FORMATS } from './material-decode'
export type { MaterialFormat } from './material-decode'
export { wrapMaterial } from './wrap'
export { kwpWrap, kwpUnwrap } from './kwp'
export { BUNDLE_FORMAT, BundleSchema, parseBundle, readBundle, writeBundle, describeBundle } from './bundle'
export type { Bundle } from './bundle'
export { prepareBundle, ImportMetaSchema } from './prepare'
export type { ImportMeta, ImportMetaInput } from './prepare'
export { importBundle, importOneStep } from './import'
export type { ImportReport, PublicKeyCheck } from './import'
export { saveMaterialBackup, BACKUP_WARNING } from './backup'
export type { BackupEncoding } from './backup'
