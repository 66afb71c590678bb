import { unlinkSync } from 'node:fs'

/**
 * Temporary files being written right now (beside their targets, until the atomic rename). The
 * CLI removes whatever is left here when it must exit at once (a second Ctrl-C), so an interrupted
 * decrypt never leaves plaintext behind.
 */
const live = new Set<string>()

export const tempFiles = {
  add(path: string): void {
    live.add(path)
  },
  delete(path: string): void {
    live.delete(path)
  },
  /** Synchronous: safe to call from a signal handler right before process.exit. */
  removeAllSync(): number {
    let n = 0
    for (const p of live) {
      try {
        unlinkSync(p)
        n++
      } catch {
        // Already renamed into place or removed by its writer.
      }
    }
    live.clear()
    return n
  }
}
