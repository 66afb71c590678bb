/**
 * The local index of `.tkms` files ("what uses this key"): headers only, no contents.
 * API: record(fileMeta), recordPath(path), scan(folder), filesUsingKey(region, keyIdentity).
 */
export { LocalIndex, type LocalIndexOptions } from './local-index'
export { INDEX_FILE_NAME, type IndexedFile, type ScanReport } from './types'
export { walkEncrypted } from './walk'
export {
  AutoRescan,
  nodeWatcher,
  type AutoRescanOptions,
  type FolderWatcher,
  type RescanClock,
  type RescanResult
} from './auto-rescan'
