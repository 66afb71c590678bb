import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import type { ChunkTask, TaskReply } from './worker-protocol'

/** Name of the bundled worker: the build emits it beside the main bundle (out/main/files-worker.js). */
export const WORKER_BUNDLE_NAME = 'files-worker.js'

export interface WorkerSpec {
  filename: string | URL
  options: WorkerOptions
}

/**
 * Finds the crypto worker for the way this module runs. Bundled, this module is inside
 * out/main/index.js (electron-vite) or out/cli/tkms.js (the CLI, esbuild) and the worker is the
 * sibling files-worker.js. From TypeScript source (vitest, tsx) the .ts worker is loaded through tsx's scoped loader, because
 * `--import tsx` in a worker's execArgv does not apply to the worker's own entry module.
 */
export function resolveWorker(moduleUrl: string = import.meta.url): WorkerSpec {
  if (moduleUrl.endsWith('.ts')) {
    const entry = new URL('./files-worker.ts', moduleUrl).href
    const api = pathToFileURL(createRequire(moduleUrl).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs')
    const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`
    return { filename: code, options: { eval: true } }
  }
  // A variable (not a literal) keeps bundlers from rewriting this into an asset import.
  const name = WORKER_BUNDLE_NAME
  // Packaged apps unpack the worker beside the asar (build.asarUnpack): workers load from real files.
  const path = fileURLToPath(new URL(name, moduleUrl)).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
  return { filename: path, options: {} }
}

interface Slot {
  worker: Worker
  pending: Map<number, { resolve: (r: TaskReply) => void; reject: (e: Error) => void }>
}

/**
 * A small fixed pool shared by all file jobs. Workers are unref'd while idle so a CLI run or a
 * test process can exit without closing the pool.
 */
export class WorkerPool {
  private readonly slots: Slot[] = []
  private nextId = 1

  constructor(
    readonly size: number = defaultPoolSize(),
    private readonly spec: WorkerSpec = resolveWorker()
  ) {}

  run(task: Omit<ChunkTask, 'id'>): Promise<TaskReply> {
    const slot = this.pick()
    const id = this.nextId++
    return new Promise<TaskReply>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject })
      slot.worker.ref()
      slot.worker.postMessage({ ...task, id })
    })
  }

  /** Starts every worker now (e.g. when the Files screen opens) so the first file does not wait. */
  async prewarm(): Promise<void> {
    const starting: Promise<unknown>[] = []
    while (this.slots.length < this.size) {
      const slot = this.spawn()
      starting.push(new Promise((resolve) => slot.worker.once('online', resolve)))
    }
    await Promise.all(starting)
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0)
    await Promise.all(slots.map((s) => s.worker.terminate()))
  }

  private pick(): Slot {
    if (this.slots.length < this.size) {
      const idle = this.slots.find((s) => s.pending.size === 0)
      if (idle) return idle
      return this.spawn()
    }
    let best = this.slots[0] as Slot
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s
    return best
  }

  private spawn(): Slot {
    const worker = new Worker(this.spec.filename, this.spec.options)
    const slot: Slot = { worker, pending: new Map() }
    worker.unref()
    worker.on('message', (r: TaskReply) => {
      const p = slot.pending.get(r.id)
      slot.pending.delete(r.id)
      if (slot.pending.size === 0) worker.unref()
      p?.resolve(r)
    })
    const fail = (e: Error): void => {
      const i = this.slots.indexOf(slot)
      if (i >= 0) this.slots.splice(i, 1)
      for (const p of slot.pending.values()) p.reject(e)
      slot.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`file crypto worker exited (code ${code})`)))
    this.slots.push(slot)
    return slot
  }
}

/** One worker per core: crypto and the page-cache copies are CPU work (more workers: docs/performance.md). */
function defaultPoolSize(): number {
  return Math.max(1, Math.min(availableParallelism(), 8))
}

let shared: WorkerPool | undefined

export function sharedPool(): WorkerPool {
  shared ??= new WorkerPool()
  return shared
}

/** Stops the shared workers (app quit, end of a test file). */
export async function closeSharedPool(): Promise<void> {
  const p = shared
  shared = undefined
  await p?.close()
}
