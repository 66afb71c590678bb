import { readFile, stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { readHeader } from '../files'
import type { HeaderInfo } from '../file-format/types'
import { writeFileAtomic } from '../../common/atomic-file'
import { IndexFileSchema, type IndexedFile, type IndexFile, type ScanReport } from './types'
import { walkEncrypted } from './walk'

export interface LocalIndexOptions {
  /** The index file (normally `<data folder>/local-index.json`). */
  file: string
  /** Reads a `.tkms` header only (default: services/files readHeader); tests may count calls. */
  readHeader?: (path: string) => Promise<HeaderInfo>
  /** How long `recordSoon` waits to save, gathering the files a batch writes meanwhile (default 1 s). */
  saveDelayMs?: number
}

const keyOf = (region: string, identity: string) => `${region}\u0000${identity}`

/**
 * What local `.tkms` files use which key: path, size, mtime and the recipients named in each
 * header. It never reads past the header and never stores contents, names sealed inside files or
 * KMS ciphertexts. Derived data: a damaged index file starts empty and a scan rebuilds it.
 */
export class LocalIndex {
  #files = new Map<string, IndexedFile>()
  #watch: string[] = []
  #byKey: Map<string, Set<string>> | undefined
  #queue: Promise<void> = Promise.resolve()
  #watchListeners = new Set<() => void>()
  /** The save `recordSoon` scheduled, and how to run it early. */
  #soon: { saved: Promise<void>; now: () => void } | undefined
  readonly #describing = new Set<Promise<IndexedFile>>()
  readonly #read: (path: string) => Promise<HeaderInfo>

  constructor(private readonly o: LocalIndexOptions) {
    this.#read = o.readHeader ?? readHeader
  }

  async load(): Promise<void> {
    let data: IndexFile = { version: 1, files: [], watch: [] }
    try {
      const parsed = IndexFileSchema.safeParse(JSON.parse(await readFile(this.o.file, 'utf8')))
      if (parsed.success) data = parsed.data
    } catch {
      // Missing or damaged: start empty (scanning rebuilds it).
    }
    this.#files = new Map(data.files.map((f) => [f.path, f]))
    this.#watch = [...data.watch]
    this.#byKey = undefined
  }

  /** Records (or replaces) one file's metadata, e.g. right after the app wrote it. */
  async record(meta: IndexedFile): Promise<void> {
    const path = resolve(meta.path)
    this.#files.set(path, {
      path,
      size: meta.size,
      mtimeMs: meta.mtimeMs,
      recipients: meta.recipients.map(({ region, identity, slug }) => ({ region, identity, slug }))
    })
    this.#byKey = undefined
    await this.#save()
  }

  /** Reads one file's header and size and records it. */
  async recordPath(path: string): Promise<IndexedFile> {
    const meta = await this.#describe(resolve(path))
    await this.record(meta)
    return meta
  }

  /**
   * Records a file the app just wrote. The index is rewritten whole on each save, so a batch's
   * files share one save per `saveDelayMs` instead of one each (a file missed by a crash is found
   * again by the next scan: the index is derived data). Resolves once saved.
   */
  async recordSoon(path: string, recipients?: readonly IndexedFile['recipients'][number][]): Promise<IndexedFile> {
    // The writer knows the recipients it wrote into the header: then a stat is enough.
    const described = recipients ? this.#stat(resolve(path), recipients) : this.#describe(resolve(path))
    this.#describing.add(described)
    const meta = await described.finally(() => this.#describing.delete(described))
    this.#files.set(meta.path, meta)
    this.#byKey = undefined
    await this.#saveSoon()
    return meta
  }

  /** Runs a save `recordSoon` scheduled now, and waits for every save so far (app shutdown). */
  async flush(): Promise<void> {
    await Promise.allSettled(this.#describing)
    this.#soon?.now()
    await this.#soon?.saved
    await this.#queue.catch(() => undefined)
  }

  /**
   * Indexes every `.tkms` file under `folder` (recursively by default) from its header alone, and
   * drops entries under the folder whose file is gone or no longer readable.
   */
  async scan(folder: string, o: { recursive?: boolean } = {}): Promise<ScanReport> {
    const root = resolve(folder)
    const s = await stat(root).catch(() => undefined)
    if (!s?.isDirectory()) throw new Error(`${root} is not a folder that can be read; choose an existing folder.`)
    const recursive = o.recursive !== false
    const report: ScanReport = { folder: root, indexed: 0, removed: 0, unreadable: [] }
    const seen = new Set<string>()
    for await (const p of walkEncrypted(root, recursive)) {
      try {
        const meta = await this.#describe(p)
        this.#files.set(p, meta)
        seen.add(p)
        report.indexed++
      } catch (e) {
        report.unreadable.push({ path: p, reason: e instanceof Error ? e.message : String(e) })
      }
    }
    const prefix = root.endsWith(sep) ? root : root + sep
    for (const p of [...this.#files.keys()]) {
      const inside = p.startsWith(prefix) && (recursive || !p.slice(prefix.length).includes(sep))
      if (inside && !seen.has(p)) {
        this.#files.delete(p)
        report.removed++
      }
    }
    this.#byKey = undefined
    await this.#save()
    return report
  }

  /** The indexed files whose header names this key as a recipient. */
  filesUsingKey(region: string, keyIdentity: string): IndexedFile[] {
    const paths = this.#keyMap().get(keyOf(region, keyIdentity))
    return paths ? [...paths].flatMap((p) => this.#files.get(p) ?? []) : []
  }

  countUsingKey(region: string, keyIdentity: string): number {
    return this.#keyMap().get(keyOf(region, keyIdentity))?.size ?? 0
  }

  list(): IndexedFile[] {
    return [...this.#files.values()]
  }

  async forget(path: string): Promise<boolean> {
    const had = this.#files.delete(resolve(path))
    if (had) {
      this.#byKey = undefined
      await this.#save()
    }
    return had
  }

  watchList(): string[] {
    return [...this.#watch]
  }

  /** Hears each change of the watch list (the automatic rescan follows it); returns an unsubscribe. */
  onWatchListChange(listener: () => void): () => void {
    this.#watchListeners.add(listener)
    return () => this.#watchListeners.delete(listener)
  }

  /** Adds a folder to the watch list and scans it now. */
  async addWatch(folder: string): Promise<ScanReport> {
    const report = await this.scan(folder)
    if (!this.#watch.includes(report.folder)) this.#watch.push(report.folder)
    await this.#save()
    for (const l of this.#watchListeners) l()
    return report
  }

  async removeWatch(folder: string): Promise<void> {
    const root = resolve(folder)
    this.#watch = this.#watch.filter((w) => w !== root)
    await this.#save()
    for (const l of this.#watchListeners) l()
  }

  /** Rescans every watched folder; a folder that is gone is reported, not removed from the list. */
  async rescanWatched(): Promise<(ScanReport | { folder: string; error: string })[]> {
    const out: (ScanReport | { folder: string; error: string })[] = []
    for (const w of this.#watch) {
      try {
        out.push(await this.scan(w))
      } catch (e) {
        out.push({ folder: w, error: e instanceof Error ? e.message : String(e) })
      }
    }
    return out
  }

  async #stat(path: string, recipients: readonly IndexedFile['recipients'][number][]): Promise<IndexedFile> {
    const s = await stat(path)
    return {
      path,
      size: s.size,
      mtimeMs: s.mtimeMs,
      recipients: recipients.map(({ region, identity, slug }) => ({ region, identity, slug }))
    }
  }

  async #describe(path: string): Promise<IndexedFile> {
    const s = await stat(path)
    const h = await this.#read(path)
    return {
      path,
      size: s.size,
      mtimeMs: s.mtimeMs,
      recipients: h.recipients.map(({ region, identity, slug }) => ({ region, identity, slug }))
    }
  }

  #keyMap(): Map<string, Set<string>> {
    if (this.#byKey) return this.#byKey
    const m = new Map<string, Set<string>>()
    for (const f of this.#files.values()) {
      for (const r of f.recipients) {
        const k = keyOf(r.region, r.identity)
        let set = m.get(k)
        if (!set) m.set(k, (set = new Set()))
        set.add(f.path)
      }
    }
    this.#byKey = m
    return m
  }

  #saveSoon(): Promise<void> {
    if (this.#soon) return this.#soon.saved
    let now = () => undefined as void
    const due = new Promise<void>((r) => (now = r))
    const timer = setTimeout(now, this.o.saveDelayMs ?? 1000)
    timer.unref?.()
    const saved = due.then(() => {
      clearTimeout(timer)
      this.#soon = undefined
      return this.#save()
    })
    this.#soon = { saved, now }
    return saved
  }

  #save(): Promise<void> {
    // Serialised: the last write always carries the latest state.
    this.#queue = this.#queue
      .catch(() => undefined)
      .then(() => {
        const data: IndexFile = { version: 1, files: [...this.#files.values()], watch: this.#watch }
        return writeFileAtomic(this.o.file, JSON.stringify(data) + '\n')
      })
    return this.#queue
  }
}
