import { chunkCount } from '../file-format/chunk-layout'
import { cancelled, FileError } from '../shared/file-errors'
import type { FileProgress } from '../file-format/types'
import { sharedPool, type WorkerPool } from './worker-pool'
import { writeBehind } from './write-behind'
import type { ChunkTask } from './worker-protocol'

/**
 * About this much plaintext per worker task: large enough to amortise a message round trip, small
 * enough that a task's garbage (update() outputs, freed by the worker's GC after each task) is
 * reused warm by the next (measured in docs/performance.md).
 */
const TASK_BYTES = 1 << 20

export interface ChunkJob extends Omit<ChunkTask, 'id' | 'first' | 'count'> {
  onProgress?: (p: FileProgress) => void
  signal?: AbortSignal
  pool?: WorkerPool
}

/**
 * Runs every chunk of a file through the worker pool with a bounded number of tasks in flight
 * (two per worker, so memory stays flat whatever the file size). Rejects with the failure of the
 * lowest-numbered chunk, or with `cancelled`, only after every in-flight task has finished, so the
 * caller can safely close and delete the output.
 */
export function runChunks(job: ChunkJob): Promise<void> {
  const { onProgress, signal, pool = sharedPool(), ...base } = job
  const total = chunkCount(base.plainSize, base.chunkSize)
  const perTask = Math.max(1, Math.floor(TASK_BYTES / base.chunkSize))
  // Two tasks queued per worker keep it busy between replies.
  const maxInFlight = pool.size * 2
  let next = 0
  let inFlight = 0
  let done = 0
  let failure: { err: Error; chunk: number } | undefined
  const behind = writeBehind(base.outFd)

  return new Promise<void>((resolve, reject) => {
    const fail = (err: Error, chunk: number): void => {
      if (!failure || chunk < failure.chunk) failure = { err, chunk }
    }
    // Waits for a running flush too: the caller closes the descriptor once this settles.
    const settle = async (): Promise<void> => {
      const flushError = await behind.idle()
      if (failure) reject(failure.err)
      else if (flushError)
        reject(
          new FileError('io', `Writing the output to disk failed (${flushError.code ?? flushError.message})`, {
            hint: 'Check the disk and free space, then try again.'
          })
        )
      else if (signal?.aborted && next < total) reject(cancelled())
      else resolve()
    }
    const pump = (): void => {
      while (!failure && !behind.error && !signal?.aborted && next < total && inFlight < maxInFlight) {
        const first = next
        const count = Math.min(perTask, total - first)
        next += count
        inFlight++
        // postMessage hands the worker its own copy of the keys; the worker wipes that copy.
        pool.run({ ...base, first, count }).then(
          (r) => {
            inFlight--
            if (r.ok) {
              done += r.plainBytes
              behind.wrote(r.plainBytes)
              onProgress?.({ bytesDone: done, bytesTotal: base.plainSize })
            } else {
              fail(new FileError(r.code, r.message, r.chunk === undefined ? {} : { chunk: r.chunk }), r.chunk ?? first)
            }
            pump()
          },
          (e: unknown) => {
            inFlight--
            fail(
              new FileError('internal', `File crypto worker failed: ${e instanceof Error ? e.message : String(e)}`),
              first
            )
            pump()
          }
        )
      }
      if (inFlight === 0 && (failure || behind.error || signal?.aborted || next >= total)) void settle()
    }
    pump()
  })
}
