import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { FileError, ioError } from '../files/errors'
import type { FileProgress } from '../files/types'

export const FILE_HASHES = ['sha256', 'sha384', 'sha512'] as const
export type FileHash = (typeof FILE_HASHES)[number]

/** The KMS spells hashes the Vault way. */
export const KMS_HASH_NAME: Record<FileHash, string> = { sha256: 'sha2-256', sha384: 'sha2-384', sha512: 'sha2-512' }

/**
 * Streams a file through a hash (and optional extra sinks, e.g. a signature verifier) in 1 MiB
 * reads, yielding to the event loop between reads. Refuses anything but a regular file.
 */
export async function streamFile(path: string, sinks: { update(b: Buffer): unknown }[], onProgress?: (p: FileProgress) => void, signal?: AbortSignal): Promise<number> {
  const st = await stat(path).catch((e: unknown) => {
    throw ioError(e, path, 'open')
  })
  if (!st.isFile()) throw new FileError('bad_input', `${path} is not a regular file`, { hint: 'Choose a file, not a folder or a device.' })
  let done = 0
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, ...(signal ? { signal } : {}) })) {
      const b = chunk as Buffer
      for (const s of sinks) s.update(b)
      done += b.length
      onProgress?.({ bytesDone: done, bytesTotal: st.size })
    }
  } catch (e) {
    if (signal?.aborted) throw new FileError('cancelled', 'Hashing was cancelled')
    throw ioError(e, path, 'read')
  }
  return done
}

export async function hashFile(path: string, alg: FileHash, onProgress?: (p: FileProgress) => void, signal?: AbortSignal): Promise<Buffer> {
  return (await hashFileSized(path, alg, onProgress, signal)).digest
}

/** The digest and the number of bytes actually hashed. */
export async function hashFileSized(path: string, alg: FileHash, onProgress?: (p: FileProgress) => void, signal?: AbortSignal): Promise<{ digest: Buffer; size: number }> {
  const h: Hash = createHash(alg)
  const size = await streamFile(path, [h], onProgress, signal)
  return { digest: h.digest(), size }
}

export function parseFileHash(s: string): FileHash {
  const v = s.toLowerCase().replace(/^sha2-/, 'sha')
  if ((FILE_HASHES as readonly string[]).includes(v)) return v as FileHash
  throw new FileError('bad_input', `Unknown hash "${s}": use sha256, sha384 or sha512`)
}
