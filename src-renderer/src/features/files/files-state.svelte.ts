import type {
  FileEntry,
  FileHashName,
  FileKey,
  FileOperation,
  FileRecipient,
  JobView,
  RefusedPath,
  SignatureFormat
} from '@contract/schemas/files'
import type { KmsKey } from '@contract/schemas/kms'
import { isKeyType, supports } from '@contract/key-matrix'
import { call, kms } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'
import type { KeyList } from '@lib/stores/key-list.svelte'
import { coalescedJobEvents, type JobUpdateBatch } from './job-updates'

export interface RegionKey extends KmsKey {
  region: string
}

export interface Progress {
  rate?: number
  etaSeconds?: number
}

export const refOf = (k: RegionKey): FileRecipient => ({ region: k.region, identity: k.identity, slug: k.slug })
export const keyId = (k: { region: string; identity: string }) => `${k.region}/${k.identity}`
const active = (j: JobView) => j.state === 'queued' || j.state === 'running'

/**
 * The Files screen's state: the files waiting to be processed, the options of the chosen
 * operation, and the jobs main runs (kept current by job:updates events).
 */
export class FilesState {
  operation = $state<FileOperation>('encrypt')
  selection = $state<FileEntry[]>([])
  refused = $state<RefusedPath[]>([])
  jobs = $state<JobView[]>([])
  progress = $state<Record<string, Progress>>({})
  /** The keys store's lists of the regions offered (see Files.svelte); only active keys are offered. */
  keyLists = $state.raw<KeyList[]>([])
  keys = $derived<RegionKey[]>(
    this.keyLists.flatMap((l) => l.keys.filter((k) => k.status === 'active').map((k) => ({ ...k, region: l.region })))
  )
  keysError = $derived(this.keyLists.find((l) => l.error !== undefined)?.error)
  recipients = $state<string[]>([])
  signKey = $state<string>('')
  hash = $state<FileHashName>('sha256')
  signatureFormat = $state<SignatureFormat>('sig-json')
  verifyMode = $state<'online' | 'offline'>('online')
  /** Chosen in main's dialogs: a handle for main, a path to show. */
  publicKey = $state<FileEntry | undefined>()
  outputDir = $state<FileEntry | undefined>()
  overwrite = $state(false)
  storeName = $state(true)
  readonly #action = new Action({ errors: 'panel' })
  error = $derived(this.#action.error)
  busy = $derived(this.#action.busy)
  /** The jobs of the latest start, shown in the results panel until it is closed. */
  lastRun = $state<string[]>([])

  /** region → why the token may not use keys there, as main learnt it from the API's answers. */
  useDenied = $state<Record<string, string>>({})
  #regions: string[] = []

  running = $derived(this.jobs.filter(active).length)
  /** jobId → position in `jobs`, so each of thousands of events finds its job without a scan. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup aid read only in event handlers; nothing renders from it
  #index = new Map<string, number>()
  #indexed: { list: JobView[]; length: number } | undefined
  #events: ReturnType<typeof coalescedJobEvents> | undefined
  encryptKeys = $derived(this.keys.filter((k) => supports(k.keyType, 'encrypt')))
  signKeys = $derived(this.keys.filter((k) => supports(k.keyType, this.operation === 'hmac' ? 'hmac' : 'sign')))
  needsRecipients = $derived(this.operation === 'encrypt')
  /** Why the chosen operation cannot run here, once learnt; online verify only reads public keys. */
  denied = $derived.by(() => {
    const op = this.operation
    if (op === 'verify') return undefined
    const byId = (id: string) => this.keys.find((k) => keyId(k) === id)
    const chosen =
      op === 'sign' || op === 'hmac' ? [this.signKey] : op === 'encrypt' || op === 'reencrypt' ? this.recipients : []
    const named = chosen
      .map(byId)
      .filter((k) => k !== undefined)
      .map((k) => k.region)
      .filter((r, i, all) => all.indexOf(r) === i)
    // Decrypt (and re-encrypt to the same keys): the file names its keys, so only "no region at all" is certain.
    const regions =
      named.length > 0
        ? named.filter((r) => this.useDenied[r])
        : this.#regions.length > 0 && this.#regions.every((r) => this.useDenied[r])
          ? this.#regions
          : []
    const first = regions[0]
    return first
      ? `${this.useDenied[first]} (${regions.length > 1 ? 'regions' : 'region'} ${regions.join(', ')})`
      : undefined
  })
  missing = $derived.by(() => {
    if (this.selection.length === 0) return 'Add files first.'
    if (this.operation === 'encrypt' && this.recipients.length === 0) return 'Choose at least one recipient key.'
    if ((this.operation === 'sign' || this.operation === 'hmac') && !this.signKey) return 'Choose a key.'
    if (this.operation === 'verify' && this.verifyMode === 'offline' && !this.publicKey)
      return 'Choose the public key file.'
    return undefined
  })

  subscribe(): () => void {
    // Applied once per frame: a batch sends thousands of events a second.
    this.#events = coalescedJobEvents((b) => this.#apply(b))
    const off = kms.on('job:updates', (m) => this.#events?.message(m))
    void call(kms.files.jobs())
      .then((j) => (this.jobs = j))
      .catch(() => undefined)
    void call(kms.files.prewarm()).catch(() => undefined)
    return () => {
      off()
      this.#events = undefined
    }
  }

  /** The job of this id, found through the index (no scan of thousands of jobs). */
  job(jobId: string): JobView | undefined {
    return this.jobs[this.#find(jobId)]
  }

  #apply(b: JobUpdateBatch): void {
    for (const p of b.progress) {
      const j = this.jobs[this.#find(p.jobId)]
      if (j) {
        j.state = j.state === 'queued' ? 'running' : j.state
        j.bytesDone = p.bytesDone
        j.bytesTotal = p.bytesTotal
      }
      this.progress[p.jobId] = {
        ...(p.rate === undefined ? {} : { rate: p.rate }),
        ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds })
      }
    }
    const added: JobView[] = []
    let learn = false
    for (const v of b.done) {
      const i = this.#find(v.jobId)
      if (i >= 0) this.jobs[i] = v
      else added.push(v)
      if (v.error?.code === 'no_write_access') learn = true
    }
    if (added.length > 0) this.jobs.push(...added)
    if (learn) void this.learnPermissions()
  }

  /** Asks main what it learnt per region; no write is ever made to find out. */
  async learnPermissions(regions: string[] = this.#regions): Promise<void> {
    this.#regions = regions
    const answers = await Promise.all(
      regions.map(async (region) => ({ region, p: await call(kms.permissions.get({ region })).catch(() => undefined) }))
    )
    this.useDenied = Object.fromEntries(
      answers
        .filter((a) => a.p?.use === 'denied')
        .map((a) => [a.region, a.p?.useReason ?? 'Your token cannot use keys here.'])
    )
  }

  #add(r: { entries: FileEntry[]; refused: RefusedPath[] }): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never rendered
    const have = new Set(this.selection.map((e) => e.path))
    this.selection.push(...r.entries.filter((e) => !have.has(e.path)))
    this.refused = r.refused
  }

  /** Files dropped on the window: main validates and expands them, and answers with handles. */
  async addDropped(files: File[]): Promise<void> {
    await this.#guard(async () => this.#add(await call(kms.files.drop(files))))
  }

  async pick(kind: 'files' | 'folder' | 'output-folder' | 'public-key'): Promise<void> {
    await this.#guard(async () => {
      const r = await call(kms.files.pick({ kind }))
      if (r.cancelled) return
      if (kind === 'output-folder') this.outputDir = r.entries[0]
      else if (kind === 'public-key') this.publicKey = r.entries[0]
      else this.#add(r)
    })
  }

  remove(path: string): void {
    this.selection = this.selection.filter((e) => e.path !== path)
  }

  clearSelection(): void {
    this.selection = []
    this.refused = []
  }

  async start(): Promise<void> {
    const byId = (id: string) => this.keys.find((k) => keyId(k) === id)
    const chosen = this.recipients.map(byId).filter((k): k is RegionKey => k !== undefined)
    const signer = byId(this.signKey)
    const op = this.operation
    // Verify: raw and JWS signatures name no key, so the one chosen here is checked (optional).
    const withKey =
      op === 'sign' ||
      op === 'hmac' ||
      (op === 'verify' && this.verifyMode === 'online' && signer !== undefined && supports(signer.keyType, 'sign'))
    const key: FileKey | undefined =
      signer && isKeyType(signer.keyType) && withKey ? { ...refOf(signer), keyType: signer.keyType } : undefined
    await this.#guard(async () => {
      const started = await call(
        kms.files.start({
          operation: op,
          items: this.selection.map((e) => ({ handle: e.handle })),
          ...(op === 'encrypt' || (op === 'reencrypt' && chosen.length > 0) ? { recipients: chosen.map(refOf) } : {}),
          ...(key ? { key } : {}),
          hash: this.hash,
          ...(op === 'sign' ? { signatureFormat: this.signatureFormat } : {}),
          ...(op === 'verify' && this.verifyMode === 'offline' && this.publicKey
            ? { publicKey: this.publicKey.handle }
            : {}),
          ...(this.outputDir ? { outputDir: this.outputDir.handle } : {}),
          overwrite: this.overwrite,
          storeName: this.storeName
        })
      )
      // Events may have overtaken this reply: apply them first and keep the newer state they brought.
      this.#events?.flush()
      this.lastRun = started.map((s) => s.jobId)
      const fresh = started.filter((s) => this.#find(s.jobId) < 0)
      this.jobs.push(
        ...fresh.map((s) => (s.state === 'queued' && this.progress[s.jobId] ? { ...s, state: 'running' as const } : s))
      )
      this.selection = []
      this.refused = []
    })
  }

  async cancel(jobId: string): Promise<void> {
    await this.#guard(async () => void (await call(kms.files.cancel({ jobId }))))
  }

  async cancelAll(): Promise<void> {
    await this.#guard(async () => void (await call(kms.files.cancelAll())))
  }

  async clearFinished(): Promise<void> {
    await this.#guard(async () => {
      await call(kms.files.clearFinished())
      this.jobs = this.jobs.filter(active)
    })
  }

  async showInFolder(jobId: string, which: 'input' | 'output'): Promise<void> {
    await this.#guard(async () => void (await call(kms.files.showInFolder({ jobId, which }))))
  }

  #find(jobId: string): number {
    const at = this.#index.get(jobId)
    if (at !== undefined && this.jobs[at]?.jobId === jobId) return at
    if (at === undefined && this.#indexed?.list === this.jobs && this.#indexed.length === this.jobs.length) return -1
    // The list was replaced or grew since: index it again (once per change, not per event).
    this.#index.clear()
    this.jobs.forEach((j, i) => this.#index.set(j.jobId, i))
    this.#indexed = { list: this.jobs, length: this.jobs.length }
    return this.#index.get(jobId) ?? -1
  }

  async #guard(fn: () => Promise<void>): Promise<void> {
    await this.#action.run(fn)
  }
}
