import { watch as fsWatch } from 'node:fs'
import type { LocalIndex } from './local-index'
import type { ScanReport } from './types'

/** What a rescan of one watched folder gives: its report, or why it could not be read. */
export type RescanResult = ScanReport | { folder: string; error: string }

/** Timers, injectable so tests run on a fake clock. */
export interface RescanClock {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** Watches one folder for changes; `onChange` may fire in bursts (the caller debounces). */
export type FolderWatcher = (folder: string, onChange: () => void) => { close(): void }

export interface AutoRescanOptions {
  index: Pick<LocalIndex, 'watchList' | 'scan' | 'onWatchListChange'>
  /** Minutes between periodic rescans of every watched folder; 0 turns the periodic rescan off. Read each time. */
  everyMinutes: () => number
  /** Quiet time after the last change event before the folder is rescanned. */
  debounceMs?: number
  /** Delay of the first rescan after start, so the window opens first. */
  startDelayMs?: number
  clock?: RescanClock
  watcher?: FolderWatcher
  /** Hears every finished rescan (the app logs counts). */
  onRescan?: (results: RescanResult[]) => void
}

const realClock: RescanClock = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout)
}

/**
 * fs.watch, recursive (Node 20 supports it on Linux, macOS and Windows); where recursion is not
 * available it watches the top folder only and the periodic rescan covers subfolders. A watcher
 * error (the folder was removed) closes it; the next rescan reports the folder.
 */
export const nodeWatcher: FolderWatcher = (folder, onChange) => {
  let w: ReturnType<typeof fsWatch>
  try {
    w = fsWatch(folder, { recursive: true, persistent: false }, onChange)
  } catch {
    try {
      w = fsWatch(folder, { persistent: false }, onChange)
    } catch {
      return { close: () => undefined }
    }
  }
  w.on('error', () => {
    w.close()
    onChange()
  })
  return { close: () => w.close() }
}

/**
 * Keeps the watched folders' index fresh without a manual rescan: once shortly after start, after
 * changes inside a watched folder (debounced), and every N minutes. Scans run one at a time: a
 * request made while one runs is merged into the next run, so no folder is scanned twice at once.
 */
export class AutoRescan {
  readonly #o: Required<Pick<AutoRescanOptions, 'debounceMs' | 'startDelayMs' | 'clock' | 'watcher'>> &
    AutoRescanOptions
  #watchers = new Map<string, { close(): void }>()
  #debounce = new Map<string, unknown>()
  #pending = new Set<string>()
  #active = false
  #loop: Promise<void> = Promise.resolve()
  #last = new Map<string, RescanResult>()
  #timer: unknown
  #started = false
  #unsubscribe: (() => void) | undefined

  constructor(o: AutoRescanOptions) {
    this.#o = { debounceMs: 2_000, startDelayMs: 5_000, clock: realClock, watcher: nodeWatcher, ...o }
  }

  /** Starts watching: the first rescan after the start delay, then on changes and periodically. */
  start(): void {
    if (this.#started) return
    this.#started = true
    this.#unsubscribe = this.#o.index.onWatchListChange(() => this.#syncWatchers())
    this.#syncWatchers()
    this.#schedule(this.#o.startDelayMs, true)
  }

  stop(): void {
    this.#started = false
    this.#unsubscribe?.()
    const c = this.#o.clock
    if (this.#timer !== undefined) c.clearTimeout(this.#timer)
    for (const t of this.#debounce.values()) c.clearTimeout(t)
    this.#debounce.clear()
    for (const w of this.#watchers.values()) w.close()
    this.#watchers.clear()
  }

  /** Rescans every watched folder (merged with any run in progress); resolves with each folder's result. */
  rescanAll(): Promise<RescanResult[]> {
    return this.#request(this.#o.index.watchList())
  }

  /** Resolves when no rescan is running or queued. */
  async idle(): Promise<void> {
    while (this.#active) await this.#loop
  }

  #request(folders: readonly string[]): Promise<RescanResult[]> {
    for (const f of folders) this.#pending.add(f)
    if (!this.#active) {
      this.#active = true
      this.#loop = this.#drain()
    }
    return this.#loop.then(() => folders.map((f) => this.#last.get(f) ?? { folder: f, error: 'Not scanned.' }))
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.size > 0) {
        const batch = [...this.#pending]
        this.#pending.clear()
        const results: RescanResult[] = []
        for (const folder of batch) {
          // A folder taken off the list while queued is not scanned again.
          if (!this.#o.index.watchList().includes(folder)) continue
          let r: RescanResult
          try {
            r = await this.#o.index.scan(folder)
          } catch (e) {
            r = { folder, error: e instanceof Error ? e.message : String(e) }
          }
          this.#last.set(folder, r)
          results.push(r)
        }
        this.#syncWatchers()
        if (results.length > 0) this.#o.onRescan?.(results)
      }
    } finally {
      // Set in the same turn the queue is seen empty, so a new request always starts a new run.
      this.#active = false
    }
  }

  /**
   * The start rescan, then the periodic one; re-armed after each run so a slow scan never overlaps
   * the next. The setting is read when the timer fires: while it is 0, every minute, no scan.
   */
  #schedule(ms: number, first = false): void {
    if (!this.#started) return
    const c = this.#o.clock
    if (this.#timer !== undefined) c.clearTimeout(this.#timer)
    this.#timer = c.setTimeout(() => {
      this.#timer = undefined
      const rearm = () => {
        const every = this.#o.everyMinutes()
        this.#schedule(every > 0 ? every * 60_000 : 60_000)
      }
      if (first || this.#o.everyMinutes() > 0) void this.rescanAll().finally(rearm)
      else rearm()
    }, ms)
  }

  #changed(folder: string): void {
    const c = this.#o.clock
    const t = this.#debounce.get(folder)
    if (t !== undefined) c.clearTimeout(t)
    this.#debounce.set(
      folder,
      c.setTimeout(() => {
        this.#debounce.delete(folder)
        void this.#request([folder])
      }, this.#o.debounceMs)
    )
  }

  /** One watcher per watched folder that exists; a folder that was gone is picked up again once back. */
  #syncWatchers(): void {
    if (!this.#started) return
    const list = new Set(this.#o.index.watchList())
    for (const [folder, w] of this.#watchers) {
      const gone = this.#last.get(folder)
      if (!list.has(folder) || (gone && 'error' in gone)) {
        w.close()
        this.#watchers.delete(folder)
      }
    }
    for (const folder of list) {
      const last = this.#last.get(folder)
      if (this.#watchers.has(folder) || (last && 'error' in last)) continue
      this.#watchers.set(
        folder,
        this.#o.watcher(folder, () => this.#changed(folder))
      )
    }
  }
}
