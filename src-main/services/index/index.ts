/**
 * The local index of `.tkms` files ("what uses this key"): headers only, no contents.
 * API: record(fileMeta), recordPath(path), scan(folder), filesUsingKey(region, keyIdentity).
 */
export { LocalIndex } from './local-index'
export { INDEX_FILE_NAME } from './types'
export { AutoRescan, nodeWatcher, type FolderWatcher, type RescanClock } from './auto-rescan'
