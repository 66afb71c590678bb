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
import { JobStore } from './job-store.svelte'

export interface RegionKey extends KmsKey {
  region: string
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
  /** Replaced, never changed in place: a dropped folder of 10,000 files needs no deep proxy. */
  selection = $state.raw<FileEntry[]>([])
  refused = $state<RefusedPath[]>([])
  /** The jobs main runs, with their progress and exact tallies (see JobStore). */
  readonly jobs = new JobStore()
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

  /** region → why the token may not use keys there, as main learnt it from the API's answers. */
  useDenied = $state<Record<string, string>>({})
  #regions: string[] = []

  /** Jobs not finished yet (queued or running). */
  running = $derived(this.jobs.stats.remaining)
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
      .then((j) => this.jobs.reset(j))
      .catch(() => undefined)
    void call(kms.files.prewarm()).catch(() => undefined)
    return () => {
      off()
      this.#events = undefined
    }
  }

  /** The job of this id, found through the index (no scan of thousands of jobs). */
  job(jobId: string): JobView | undefined {
    return this.jobs.get(jobId)
  }

  /** The jobs of the latest start, shown in the results panel until it is closed ([]). */
  get lastRun(): readonly string[] {
    return this.jobs.runIds
  }
  set lastRun(ids: readonly string[]) {
    this.jobs.track(ids)
  }

  #apply(b: JobUpdateBatch): void {
    this.jobs.apply(b)
    if (b.done.some((v) => v.error?.code === 'no_write_access')) void this.learnPermissions()
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
    this.selection = [...this.selection, ...r.entries.filter((e) => !have.has(e.path))]
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
      this.jobs.add(
        started.map((s) =>
          s.state === 'queued' && this.jobs.hasProgress(s.jobId) ? { ...s, state: 'running' as const } : s
        )
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
      this.jobs.keep(active)
    })
  }

  async showInFolder(jobId: string, which: 'input' | 'output'): Promise<void> {
    await this.#guard(async () => void (await call(kms.files.showInFolder({ jobId, which }))))
  }

  async #guard(fn: () => Promise<void>): Promise<void> {
    await this.#action.run(fn)
  }
}
