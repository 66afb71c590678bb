import { basename } from 'node:path'
import { cancelled, FileError, ioError } from '../shared/file-errors'
import { DEFAULT_CHUNK_SIZE, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE } from '../file-format/header'
import { assertDistinct, assertUnchanged, openRegularFile } from './input-file'
import { wipeKeys } from '../file-format/key-schedule'
import { assertTargetFree, writeAtomically } from './output-target'
import { perFileKeys, type DataKeySource } from './batch-keys'
import { assertRecipients } from '../file-format/recipients'
import { runChunks } from './run-chunks'
import { sealHeader } from '../file-format/seal-header'
import type { DataKeyWrapper, FileProgress, RecipientRef } from '../file-format/types'
import type { WorkerPool } from './worker-pool'

export interface EncryptFileOptions {
  input: string
  output: string
  recipients: RecipientRef[]
  wrapper: DataKeyWrapper
  overwrite?: boolean
  /** Store the original file name (encrypted) so decryption can restore it. */
  storeName?: boolean
  chunkSize?: number
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
  pool?: WorkerPool
  /** Where the data key comes from: a batch's shared key (batch-keys.ts); default one fresh key per file. */
  keys?: DataKeySource
}

export async function encryptFile(o: EncryptFileOptions): Promise<{ output: string; bytes: number }> {
  const chunkSize = o.chunkSize ?? DEFAULT_CHUNK_SIZE
  if (!Number.isInteger(chunkSize) || chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
    throw new FileError('bad_input', `Chunk size must be an integer from ${MIN_CHUNK_SIZE} to ${MAX_CHUNK_SIZE} bytes`)
  }
  assertRecipients(o.recipients)
  assertDistinct(o.input, o.output)
  if (o.signal?.aborted) throw cancelled()
  const input = await openRegularFile(o.input)
  let dataKey: Uint8Array | undefined
  try {
    await assertTargetFree(o.output, o.overwrite)
    const acquired = await (o.keys ?? perFileKeys(o.recipients, o.wrapper)).acquire(o.signal)
    dataKey = acquired.dataKey
    const { recipients } = acquired
    const name = o.storeName ? basename(o.input) : undefined
    const header = sealHeader({
      dataKey,
      recipients,
      chunkSize,
      plaintextSize: input.size,
      ...(name === undefined ? {} : { name })
    })
    dataKey.fill(0)
    try {
      await writeAtomically(o.output, { mode: 0o644, exact: false, overwrite: o.overwrite }, async (out) => {
        await out.handle.write(header.bytes, 0, header.bytes.length, 0).catch((e: unknown) => {
          throw ioError(e, o.output, 'write')
        })
        await runChunks({
          op: 'encrypt',
          inFd: input.handle.fd,
          outFd: out.handle.fd,
          key: header.keys.payload,
          aad: header.hash,
          chunkSize,
          plainSize: input.size,
          inBase: 0,
          outBase: header.bytes.length,
          onProgress: o.onProgress,
          signal: o.signal,
          pool: o.pool
        })
        await assertUnchanged(input, o.input)
      })
    } finally {
      wipeKeys(header.keys)
    }
    return { output: o.output, bytes: input.size }
  } finally {
    dataKey?.fill(0)
    await input.handle.close()
  }
}
