import { basename, dirname, join } from 'node:path'
import { cancelled } from '../shared/file-errors'
import { openEncrypted } from './encrypted-source'
import { assertDistinct } from './input-file'
import { wipeKeys } from '../file-format/key-schedule'
import { assertTargetFree, writeAtomically } from './output-target'
import { runChunks } from './run-chunks'
import type { DataKeyWrapper, FileProgress, RecipientRef } from '../file-format/types'
import type { WorkerPool } from './worker-pool'

export const ENCRYPTED_EXTENSION = '.tkms'

export interface DecryptFileOptions {
  input: string
  /** Exact output path. Default: the stored original name, else the input name minus `.tkms`. */
  output?: string
  /** Folder for the default name (default: the input's folder). Ignored when `output` is given. */
  outputDir?: string
  wrapper: DataKeyWrapper
  overwrite?: boolean
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
  pool?: WorkerPool
}

export async function decryptFile(
  o: DecryptFileOptions
): Promise<{ output: string; bytes: number; recipient: RecipientRef }> {
  if (o.signal?.aborted) throw cancelled()
  const src = await openEncrypted(o.input, o.wrapper, o.signal)
  try {
    const target =
      o.output ?? join(o.outputDir ?? dirname(o.input), safeStoredName(src.name) ?? defaultPlainName(o.input))
    assertDistinct(o.input, target)
    await assertTargetFree(target, o.overwrite)
    // Decrypted plaintext is 0600 whatever the umask.
    await writeAtomically(target, { mode: 0o600, exact: true, overwrite: o.overwrite }, (out) =>
      runChunks({
        op: 'decrypt',
        inFd: src.file.handle.fd,
        outFd: out.handle.fd,
        key: src.keys.payload,
        aad: src.header.hash,
        chunkSize: src.header.fields.chunkSize,
        plainSize: src.plainSize,
        inBase: src.header.length,
        outBase: 0,
        onProgress: o.onProgress,
        signal: o.signal,
        pool: o.pool
      })
    )
    return { output: target, bytes: src.plainSize, recipient: src.recipient }
  } finally {
    wipeKeys(src.keys)
    await src.file.handle.close()
  }
}

export function defaultPlainName(input: string): string {
  const b = basename(input)
  return b.toLowerCase().endsWith(ENCRYPTED_EXTENSION) && b.length > ENCRYPTED_EXTENSION.length
    ? b.slice(0, -ENCRYPTED_EXTENSION.length)
    : `${b}.decrypted`
}

/**
 * A stored name is only a suggestion from the file's author: anything that could leave the output
 * folder or hide (separators, `..`, control characters, leading dot) is ignored.
 */
export function safeStoredName(name: string | undefined): string | undefined {
  if (name === undefined || name.length === 0 || name.length > 255) return undefined
  if (/[/\\\u0000-\u001f\u007f]/.test(name) || name.startsWith('.') || name !== name.trim()) return undefined
  return name
}
