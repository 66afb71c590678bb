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
 * value after the delay, but only if the clipboard still holds it: a newer copy is left alone.
 */
export class ClipboardGuard {
  #pending: unknown

  constructor(
    private readonly platform: Platform,
    private readonly delaySeconds: () => number,
    private readonly timers: Timers = realTimers
  ) {}

  async copy(text: string, sensitive: boolean): Promise<{ clearsInSeconds: number }> {
    await this.platform.writeClipboard(text)
    if (this.#pending !== undefined) this.timers.clearTimeout(this.#pending)
    this.#pending = undefined
    const seconds = sensitive ? this.delaySeconds() : 0
    if (seconds > 0) {
      this.#pending = this.timers.setTimeout(() => {
        this.#pending = undefined
        void this.platform.readClipboard().then((now) => (now === text ? this.platform.writeClipboard('') : undefined))
      }, seconds * 1000)
    }
    return { clearsInSeconds: seconds }
  }
}
