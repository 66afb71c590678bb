/** BYOK core: wrapping keys, key material, wrapping, bundles, import. Electron-free. */
export { ByokError } from './errors'
export type { ByokKms } from './kms-port'
export { IMPORTABLE_KEY_TYPES, HASH_FUNCTIONS, HMAC_REFUSAL } from './types'
export type { ImportableKeyType } from './types'
export { spkiFingerprint, normaliseFingerprint, sameFingerprint } from '../shared/fingerprint'
export {
  fetchWrappingKey,
  parseWrappingKey,
  parseWrappingKeyFile,
  saveWrappingKeyFile,
  loadWrappingKeyFile
} from './wrapping-key'
export type { WrappingKey, WrappingKeyFile } from './wrapping-key'
export { KeyMaterial } from './material'
export { generateMaterial } from './material-generate'
export { loadMaterial, loadMaterialFile } from './material-load'
export type { LoadMaterialOptions } from './material-load'
export { MATERIAL_FORMATS } from './material-decode'
export type { MaterialFormat } from './material-decode'
export { wrapMaterial } from './wrap'
export { parseBundle, readBundle, writeBundle, describeBundle } from './bundle'
export type { Bundle } from './bundle'
export { prepareBundle } from './prepare'
export { importBundle, importOneStep } from './import'
export type { ImportReport } from './import'
export { saveMaterialBackup, BACKUP_WARNING } from './backup'
