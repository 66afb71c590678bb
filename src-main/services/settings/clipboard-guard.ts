import type { Platform } from '../platform'

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout)
}

/**
 * Copies through main (the sandboxed renderer has no clipboard permission) and clears a sensitive
 * value after the delay, or when the app quits first, but only if the clipboard still holds it:
 * a newer copy (ours or another program's) is left alone.
 */
export class ClipboardGuard {
  #pending: { timer: unknown; text: string } | undefined

  constructor(
    private readonly platform: Platform,
    private readonly delaySeconds: () => number,
    private readonly timers: Timers = realTimers
  ) {}

  async copy(text: string, sensitive: boolean): Promise<{ clearsInSeconds: number }> {
    await this.platform.writeClipboard(text)
    if (this.#pending) this.timers.clearTimeout(this.#pending.timer)
    this.#pending = undefined
    const seconds = sensitive ? this.delaySeconds() : 0
    if (seconds > 0) {
      const timer = this.timers.setTimeout(() => void this.#clear(), seconds * 1000)
      this.#pending = { timer, text }
    }
    return { clearsInSeconds: seconds }
  }

  /** On quit: a sensitive copy still waiting to be cleared is cleared now. */
  async close(): Promise<void> {
    if (!this.#pending) return
    this.timers.clearTimeout(this.#pending.timer)
    await this.#clear()
  }

  async #clear(): Promise<void> {
    const p = this.#pending
    this.#pending = undefined
    if (p && (await this.platform.readClipboard()) === p.text) await this.platform.writeClipboard('')
  }
}
