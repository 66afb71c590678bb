import { fdatasync } from 'node:fs'

export type SyncFn = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void

/**
 * Output already written is flushed to disk while later chunks are still being processed, one
 * fdatasync at a time, so the fsync before the rename finds little left to write (the interval is
 * measured in docs/performance.md). Only the final fsync makes the file durable; these only start
 * the disk writes early.
 */
const WRITE_BEHIND_BYTES = 8 << 20

export interface WriteBehind {
  /** Count bytes just written; starts a flush once enough are pending and none is running. */
  wrote(bytes: number): void
  /** The first error a flush reported, as soon as it is known (stop early: the job has failed). */
  readonly error: NodeJS.ErrnoException | undefined
  /**
   * Resolves when no flush is running, with the first error a flush reported. On Linux an error
   * is reported once per open file, so the final fsync on the same descriptor would not see it
   * again: the caller must fail the job with it.
   */
  idle(): Promise<NodeJS.ErrnoException | undefined>
}

export function writeBehind(fd: number, every = WRITE_BEHIND_BYTES, sync: SyncFn = fdatasync): WriteBehind {
  let pending = 0
  let running: Promise<void> | undefined
  let failure: NodeJS.ErrnoException | undefined
  const start = (): void => {
    pending = 0
    running = new Promise<void>((resolve) => {
      sync(fd, (err) => {
        failure ??= err ?? undefined
        running = undefined
        resolve()
      })
    })
  }
  return {
    wrote(bytes) {
      pending += bytes
      if (pending >= every && !running && !failure) start()
    },
    get error() {
      return failure
    },
    async idle() {
      while (running) await running
      return failure
    }
  }
}
