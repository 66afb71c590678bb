/**
 * Streaming envelope encryption of files of any size (format: docs/file-format.md).
 * Electron-free: runs in the main process, the CLI and tests alike.
 */
import { openRegularFile } from './input-file'
import { readParsedHeader } from './encrypted-source'
import { FORMAT_VERSION } from '../file-format/header'
import type { HeaderInfo } from '../file-format/types'

export type { DataKeyWrapper, FileProgress, HeaderInfo, RecipientRef, WrappedRecipient } from '../file-format/types'
export { FileError } from '../shared/file-errors'
export { encryptFile, type EncryptFileOptions } from './encrypt'
export { decryptFile, defaultPlainName, ENCRYPTED_EXTENSION, type DecryptFileOptions } from './decrypt'
export { reencryptFile, type ReencryptFileOptions } from './reencrypt'
export { closeSharedPool, resolveWorker, sharedPool, WorkerPool, WORKER_BUNDLE_NAME } from './worker-pool'
export { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE } from '../file-format/header'

/** Reads what a file says about itself without contacting the KMS (nothing here is authenticated yet). */
export async function readHeader(path: string): Promise<HeaderInfo> {
  const f = await openRegularFile(path)
  try {
    const h = await readParsedHeader(f, path)
    const info: HeaderInfo = {
      formatVersion: FORMAT_VERSION,
      recipients: h.fields.recipients.map(({ region, identity, slug }) => ({ region, identity, slug })),
      chunkSize: h.fields.chunkSize,
      hasName: h.fields.sealedName !== undefined
    }
    if (h.fields.plaintextSize !== undefined) info.plaintextSize = h.fields.plaintextSize
    return info
  } finally {
    await f.handle.close()
  }
}
export { kmsDataKeyWrapper } from './kms-wrapper'
