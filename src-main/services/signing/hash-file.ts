import { createHash, type Hash } from 'node:crypto'
import { FileError, ioError } from '../shared/file-errors'
import { openRegularFile } from '../files/input-file'
import type { FileProgress } from '../file-format/types'

export const FILE_HASHES = ['sha256', 'sha384', 'sha512'] as const
export type FileHash = (typeof FILE_HASHES)[number]

/** The KMS spells hashes the Vault way. */
export const KMS_HASH_NAME: Record<FileHash, string> = { sha256: 'sha2-256', sha384: 'sha2-384', sha512: 'sha2-512' }

/**
 * Streams a file through a hash (and optional extra sinks, e.g. a signature verifier) in 1 MiB
 * reads, yielding to the event loop between reads. Refuses anything but a regular file.
 */
export async function streamFile(
  path: string,
  sinks: { update(b: Buffer): unknown }[],
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal
): Promise<number> {
  // Opened once, without blocking on a FIFO, as a regular file (and as the validated one, in a job).
  const f = await openRegularFile(path)
  let done = 0
  try {
    for await (const chunk of f.handle.createReadStream({ highWaterMark: 1 << 20, autoClose: false, start: 0 })) {
      if (signal?.aborted) throw new FileError('cancelled', 'Hashing was cancelled')
      const b = chunk as Buffer
      for (const s of sinks) s.update(b)
      done += b.length
      onProgress?.({ bytesDone: done, bytesTotal: f.size })
    }
  } catch (e) {
    if (signal?.aborted) throw new FileError('cancelled', 'Hashing was cancelled')
    throw ioError(e, path, 'read')
  } finally {
    await f.handle.close()
  }
  return done
}

export async function hashFile(
  path: string,
  alg: FileHash,
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal
): Promise<Buffer> {
  return (await hashFileSized(path, alg, onProgress, signal)).digest
}

/** The digest and the number of bytes actually hashed. */
export async function hashFileSized(
  path: string,
  alg: FileHash,
  onProgress?: (p: FileProgress) => void,
  signal?: AbortSignal
): Promise<{ digest: Buffer; size: number }> {
  const h: Hash = createHash(alg)
  const size = await streamFile(path, [h], onProgress, signal)
  return { digest: h.digest(), size }
}

export function parseFileHash(s: string): FileHash {
  const v = s.toLowerCase().replace(/^sha2-/, 'sha')
  if ((FILE_HASHES as readonly string[]).includes(v)) return v as FileHash
  throw new FileError('bad_input', `Unknown hash "${s}": use sha256, sha384 or sha512`)
}
