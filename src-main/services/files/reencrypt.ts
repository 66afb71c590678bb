import { randomBytes } from 'node:crypto'
import { cancelled, FileError } from '../shared/file-errors'
import { openEncrypted } from './encrypted-source'
import { assertDistinct } from './input-file'
import { wipeKeys } from '../file-format/key-schedule'
import { assertTargetFree, writeAtomically } from './output-target'
import { assertRecipients, wrapAll } from '../file-format/recipients'
import { runChunks } from './run-chunks'
import { sealHeader } from '../file-format/seal-header'
import type { DataKeyWrapper, FileProgress, RecipientRef } from '../file-format/types'
import type { WorkerPool } from './worker-pool'

export interface ReencryptFileOptions {
  input: string
  output: string
  /** Default: the file's current recipients (the KMS wraps with each key's latest version). */
  recipients?: RecipientRef[]
  wrapper: DataKeyWrapper
  overwrite?: boolean
  /**
   * Replace the input itself (output must equal input): the new file is written beside it and
   * renamed over it only once complete, while the original stays open for reading.
   */
  inPlace?: boolean
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
  pool?: WorkerPool
}

/**
 * Re-encrypts under a fresh data key without plaintext ever touching the disk: each worker task
 * opens a chunk with the old key and seals it with the new one in memory.
 */
export async function reencryptFile(o: ReencryptFileOptions): Promise<{ output: string }> {
  if (!o.inPlace) assertDistinct(o.input, o.output)
  else if (o.input !== o.output)
    throw new FileError('bad_input', 'In-place re-encryption writes back to the input path only')
  if (o.recipients) assertRecipients(o.recipients)
  if (o.signal?.aborted) throw cancelled()
  const overwrite = o.inPlace === true || o.overwrite
  await assertTargetFree(o.output, overwrite)
  const src = await openEncrypted(o.input, o.wrapper, o.signal)
  const dataKey = randomBytes(32)
  try {
    const refs =
      o.recipients ?? src.header.fields.recipients.map(({ region, identity, slug }) => ({ region, identity, slug }))
    const recipients = await wrapAll(refs, dataKey, o.wrapper, o.signal)
    const { chunkSize } = src.header.fields
    const header = sealHeader({
      dataKey,
      recipients,
      chunkSize,
      plaintextSize: src.plainSize,
      ...(src.name === undefined ? {} : { name: src.name })
    })
    dataKey.fill(0)
    try {
      await writeAtomically(o.output, { mode: 0o644, exact: false, overwrite }, async (out) => {
        await out.handle.write(header.bytes, 0, header.bytes.length, 0)
        await runChunks({
          op: 'reencrypt',
          inFd: src.file.handle.fd,
          outFd: out.handle.fd,
          key: src.keys.payload,
          aad: src.header.hash,
          outKey: header.keys.payload,
          outAad: header.hash,
          chunkSize,
          plainSize: src.plainSize,
          inBase: src.header.length,
          outBase: header.bytes.length,
          onProgress: o.onProgress,
          signal: o.signal,
          pool: o.pool
        })
      })
    } finally {
      wipeKeys(header.keys)
    }
    return { output: o.output }
  } finally {
    dataKey.fill(0)
    wipeKeys(src.keys)
    await src.file.handle.close()
  }
}
