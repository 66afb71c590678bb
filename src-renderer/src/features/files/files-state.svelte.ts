import type { AppError } from '../../../../src-preload/contract/errors'
import type { FileEntry, FileHashName, FileKey, FileOperation, FileRecipient, JobView, RefusedPath, SignatureFormat } from '../../../../src-preload/contract/schemas/files'
import type { KmsKey } from '../../../../src-preload/contract/schemas/kms'
import { isKeyType, supports } from '../../../../src-preload/contract/key-matrix'
import { call, errorOf, kms } from '../../lib/kms'

export interface RegionKey extends KmsKey {
  region: string
}

export interface Progress {
  rate?: number
  etaSeconds?: number
}

/** Which keys can do what (the op matrix of the KMS); a key of an unknown type can do nothing. */
export function keyCan(k: Pick<KmsKey, 'keyType'>, op: 'encrypt' | 'sign' | 'hmac'): boolean {
  return supports(k.keyType, op)
}

export const refOf = (k: RegionKey): FileRecipient => ({ region: k.region, identity: k.identity, slug: k.slug })
export const keyId = (k: { region: string; identity: string }) => `${k.region}/${k.identity}`
const active = (j: JobView) => j.state === 'queued' || j.state === 'running'

/**
 * The Files screen's state: the files waiting to be processed, the options of the chosen
 * operation, and the jobs main runs (kept current by job:progress / job:done events).
 */
export class FilesState {
  operation = $state<FileOperation>('encrypt')
  selection = $state<FileEntry[]>([])
  refused = $state<RefusedPath[]>([])
  jobs = $state<JobView[]>([])
  progress = $state<Record<string, Progress>>({})
  keys = $state<RegionKey[]>([])
  keysError = $state<AppError | undefined>()
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
  error = $state<AppError | undefined>()
  busy = $state(false)
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
  encryptKeys = $derived(this.keys.filter((k) => keyCan(k, 'encrypt')))
  signKeys = $derived(this.keys.filter((k) => keyCan(k, this.operation === 'hmac' ? 'hmac' : 'sign')))
  needsRecipients = $derived(this.operation === 'encrypt')
  /** Why the chosen operation cannot run here, once learnt; online verify only reads public keys. */
  denied = $derived.by(() => {
    const op = this.operation
    if (op === 'verify') return undefined
    const byId = (id: string) => this.keys.find((k) => keyId(k) === id)
    const chosen = op === 'sign' || op === 'hmac' ? [this.signKey] : op === 'encrypt' || op === 'reencrypt' ? this.recipients : []
    const named = chosen.map(byId).filter((k) => k !== undefined).map((k) => k.region).filter((r, i, all) => all.indexOf(r) === i)
    // Decrypt (and re-encrypt to the same keys): the file names its keys, so only "no region at all" is certain.
    const regions = named.length > 0 ? named.filter((r) => this.useDenied[r]) : this.#regions.length > 0 && this.#regions.every((r) => this.useDenied[r]) ? this.#regions : []
    const first = regions[0]
    return first ? `${this.useDenied[first]} (${regions.length > 1 ? 'regions' : 'region'} ${regions.join(', ')})` : undefined
  })
  missing = $derived.by(() => {
    if (this.selection.length === 0) return 'Add files first.'
    if (this.operation === 'encrypt' && this.recipients.length === 0) return 'Choose at least one recipient key.'
    if ((this.operation === 'sign' || this.operation === 'hmac') && !this.signKey) return 'Choose a key.'
    if (this.operation === 'verify' && this.verifyMode === 'offline' && !this.publicKey) return 'Choose the public key file.'
    return undefined
  })

  subscribe(): () => void {
    const offProgress = kms.on('job:progress', (p) => {
      const j = this.jobs[this.#find(p.jobId)]
      if (j) {
        j.state = j.state === 'queued' ? 'running' : j.state
        j.bytesDone = p.bytesDone
        j.bytesTotal = p.bytesTotal
      }
      this.progress[p.jobId] = { ...(p.rate === undefined ? {} : { rate: p.rate }), ...(p.etaSeconds === undefined ? {} : { etaSeconds: p.etaSeconds }) }
    })
    const offDone = kms.on('job:done', (v) => {
      const i = this.#find(v.jobId)
      if (i >= 0) this.jobs[i] = v
      else this.jobs.push(v)
      if (v.error?.code === 'no_write_access') void this.learnPermissions()
    })
    void call(kms.files.jobs()).then((j) => (this.jobs = j)).catch(() => undefined)
    void call(kms.files.prewarm()).catch(() => undefined)
    return () => {
      offProgress()
      offDone()
    }
  }

  /** Asks main what it learnt per region; no write is ever made to find out. */
  async learnPermissions(regions: string[] = this.#regions): Promise<void> {
    this.#regions = regions
    const answers = await Promise.all(regions.map(async (region) => ({ region, p: await call(kms.permissions.get({ region })).catch(() => undefined) })))
    this.useDenied = Object.fromEntries(answers.filter((a) => a.p?.use === 'denied').map((a) => [a.region, a.p?.useReason ?? 'Your token cannot use keys here.']))
  }

  async loadKeys(regions: string[]): Promise<void> {
    this.keysError = undefined
    try {
      const lists = await Promise.all(regions.map(async (region) => (await call(kms.keys.list({ region }))).map((k) => ({ ...k, region }))))
      this.keys = lists.flat().filter((k) => k.status === 'active')
    } catch (e) {
      this.keysError = errorOf(e)
    }
  }

  #add(r: { entries: FileEntry[]; refused: RefusedPath[] }): void {
    const have = this.selection.map((e) => e.path)
    this.selection.push(...r.entries.filter((e) => !have.includes(e.path)))
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
    const withKey = op === 'sign' || op === 'hmac' || (op === 'verify' && this.verifyMode === 'online' && signer !== undefined && keyCan(signer, 'sign'))
    const key: FileKey | undefined = signer && isKeyType(signer.keyType) && withKey ? { ...refOf(signer), keyType: signer.keyType } : undefined
    await this.#guard(async () => {
      const started = await call(
        kms.files.start({
          operation: op,
          items: this.selection.map((e) => ({ handle: e.handle })),
          ...(op === 'encrypt' || (op === 'reencrypt' && chosen.length > 0) ? { recipients: chosen.map(refOf) } : {}),
          ...(key ? { key } : {}),
          hash: this.hash,
          ...(op === 'sign' ? { signatureFormat: this.signatureFormat } : {}),
          ...(op === 'verify' && this.verifyMode === 'offline' && this.publicKey ? { publicKey: this.publicKey.handle } : {}),
          ...(this.outputDir ? { outputDir: this.outputDir.handle } : {}),
          overwrite: this.overwrite,
          storeName: this.storeName
        })
      )
      // Events may have overtaken this reply: keep the newer state they brought.
      this.lastRun = started.map((s) => s.jobId)
      const fresh = started.filter((s) => this.#find(s.jobId) < 0)
      this.jobs.push(...fresh.map((s) => (s.state === 'queued' && this.progress[s.jobId] ? { ...s, state: 'running' as const } : s)))
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
    this.error = undefined
    this.busy = true
    try {
      await fn()
    } catch (e) {
      this.error = errorOf(e)
    } finally {
      this.busy = false
    }
  }
}
