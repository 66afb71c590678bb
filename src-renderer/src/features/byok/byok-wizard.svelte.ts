import type { AppError } from '@contract/errors'
import type {
  BundleView,
  ByokHashFunction,
  ByokOptions,
  ImportReportView,
  MaterialView,
  WrappingKeyView
} from '@contract/schemas/byok'
import type { KeyType } from '@contract/schemas/key-types'
import { call } from '@lib/call'
import type { KmsApi } from '@lib/kms'
import { Action } from '@lib/stores/action.svelte'
import { compareFingerprint } from '@lib/fingerprint'
import type { CeremonySnapshot, CeremonyStep } from './ceremony'

export type ByokApi = Pick<KmsApi, 'byok'>
export type MaterialFormat = 'auto' | 'raw' | 'hex' | 'base64' | 'pem' | 'der' | 'jwk'

/** `key=value` per line → labels; blank lines ignored. Returns an error text for a bad line. */
function parseLabels(text: string): { labels?: Record<string, string>; error?: string } {
  const labels: Record<string, string> = {}
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue
    const eq = line.indexOf('=')
    if (eq <= 0) return { error: `Line ${i + 1}: write labels as key=value.` }
    labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim()
  }
  return Object.keys(labels).length ? { labels } : {}
}

/**
 * State of the BYOK wizard. It holds only what main describes: slot ids, types, sizes and
 * fingerprints. The material and the wrapped blob stay in main.
 */
export class ByokWizardState {
  options = $state<ByokOptions | undefined>()
  step = $state<CeremonyStep>(1)
  wrappingKey = $state<WrappingKeyView | undefined>()
  wrappingKeySavedTo = $state<string | undefined>()
  keyType = $state<KeyType>('aes256-gcm96')
  format = $state<MaterialFormat>('auto')
  passphrase = $state('')
  material = $state<MaterialView | undefined>()
  backupPath = $state<string | undefined>()
  name = $state('')
  description = $state('')
  labelsText = $state('')
  hashFunction = $state<ByokHashFunction>('sha256')
  allowRotation = $state(false)
  bundle = $state<BundleView | undefined>()
  bundleId = $state<string | undefined>()
  bundleFile = $state<string | undefined>()
  bundlePath = $state<string | undefined>()
  report = $state<ImportReportView | undefined>()
  /** The fingerprint the user typed or pasted from the other machine, or their word that they read it aloud. */
  wkTyped = $state('')
  wkReadAloud = $state(false)
  /** One step's call at a time; its failure shows in the wizard's panel. */
  readonly #action: Action
  readonly #api: ByokApi

  /** `onerror`: told of each failure (a refusal for lack of write access changes what the UI allows). */
  constructor(api: ByokApi, onerror?: (error: AppError) => void) {
    this.#api = api
    this.#action = new Action({ errors: 'panel', ...(onerror ? { onerror } : {}) })
  }

  /** Which call is on its way ('fetch', 'import', …), for the button that waits. */
  get busy(): string | undefined {
    return this.#action.doing
  }

  get error(): AppError | undefined {
    return this.#action.error
  }

  labels = $derived(parseLabels(this.labelsText))
  keyTypeOption = $derived(this.options?.keyTypes.find((k) => k.keyType === this.keyType))
  settingsValid = $derived(this.name.trim().length > 0 && this.labels.error === undefined)

  wkComparison = $derived(this.wrappingKey ? compareFingerprint(this.wrappingKey.fingerprint, this.wkTyped) : undefined)
  // A key fetched here came straight from the KMS over TLS; a file carried across must be compared.
  wkConfirmed = $derived(
    this.wrappingKey?.source === 'kms' ||
      this.wkComparison?.kind === 'match' ||
      (this.wkReadAloud && this.wkComparison?.kind !== 'mismatch' && this.wkComparison?.kind !== 'invalid')
  )

  snapshot(region: string | undefined): CeremonySnapshot {
    return {
      wrappingKey: this.wrappingKey !== undefined,
      wrappingKeySaved: this.wrappingKeySavedTo !== undefined,
      wrappingKeyConfirmed: this.wkConfirmed,
      material: this.material !== undefined,
      settingsValid: this.settingsValid,
      bundleWritten: this.bundlePath !== undefined,
      bundleOpened: this.bundleFile !== undefined,
      regionMatches: this.bundle !== undefined && this.bundle.region === region,
      imported: this.report?.imported === true,
      publicKeyMatches: this.report?.publicKeyCheck?.match
    }
  }

  async load(): Promise<void> {
    this.options = await this.#run('options', () => call(this.#api.byok.options()))
  }

  /**
   * Moving to another step forgets what belonged to the previous one (the next machine starts from
   * files, not memory) and asks main to erase material still held; a new run forgets everything.
   */
  goTo(step: CeremonyStep): void {
    if (step === this.step) return
    this.reset()
    this.step = step
  }

  reset(): void {
    void this.discardMaterial()
    this.wrappingKey = undefined
    this.wrappingKeySavedTo = undefined
    this.wkTyped = ''
    this.wkReadAloud = false
    this.bundle = this.bundleId = this.bundleFile = this.bundlePath = undefined
    this.report = undefined
    this.#action.clear()
    this.clearSettings()
    this.keyType = 'aes256-gcm96'
    this.format = 'auto'
    this.passphrase = ''
    this.step = 1
  }

  /** After a bundle is written or a key imported, its name and labels never carry into the next one. */
  clearSettings(): void {
    this.name = ''
    this.description = ''
    this.labelsText = ''
    this.hashFunction = 'sha256'
    this.allowRotation = false
  }

  async fetchWrappingKey(region?: string): Promise<void> {
    this.wrappingKeySavedTo = undefined
    this.wkTyped = ''
    this.wkReadAloud = false
    this.wrappingKey = await this.#run('fetch', () => call(this.#api.byok.fetchWrappingKey(region ? { region } : {})))
  }

  async saveWrappingKey(): Promise<void> {
    const id = this.wrappingKey?.id
    if (!id) return
    const r = await this.#run('save-wk', () => call(this.#api.byok.saveWrappingKey({ wrappingKeyId: id })))
    if (r && !r.cancelled) this.wrappingKeySavedTo = r.path
  }

  async loadWrappingKey(): Promise<void> {
    const r = await this.#run('load-wk', () => call(this.#api.byok.loadWrappingKey()))
    if (r && !r.cancelled) {
      this.wrappingKey = r.wrappingKey
      this.wkTyped = ''
      this.wkReadAloud = false
    }
  }

  async generate(): Promise<void> {
    await this.discardMaterial()
    this.material = await this.#run('generate', () => call(this.#api.byok.generateMaterial({ keyType: this.keyType })))
  }

  async loadMaterial(): Promise<void> {
    await this.discardMaterial()
    const req = {
      keyType: this.keyType,
      format: this.format,
      ...(this.passphrase ? { passphrase: this.passphrase } : {})
    }
    const r = await this.#run('load-material', () => call(this.#api.byok.loadMaterial(req)))
    this.passphrase = ''
    if (r && !r.cancelled) this.material = r.material
  }

  async discardMaterial(): Promise<void> {
    const id = this.material?.id
    this.material = undefined
    this.backupPath = undefined
    if (id) await call(this.#api.byok.discardMaterial({ materialId: id })).catch(() => undefined)
  }

  async saveBackup(): Promise<void> {
    const id = this.material?.id
    if (!id) return
    const r = await this.#run('backup', () => call(this.#api.byok.saveBackup({ materialId: id })))
    if (r && !r.cancelled) this.backupPath = r.path
  }

  #settings() {
    return {
      name: this.name.trim(),
      ...(this.description.trim() ? { description: this.description.trim() } : {}),
      ...(this.labels.labels ? { labels: this.labels.labels } : {}),
      allowRotation: this.allowRotation,
      hashFunction: this.hashFunction
    }
  }

  async writeBundle(): Promise<void> {
    const [wk, m] = [this.wrappingKey?.id, this.material?.id]
    if (!wk || !m) return
    const r = await this.#run('write', () =>
      call(this.#api.byok.writeBundle({ wrappingKeyId: wk, materialId: m, settings: this.#settings() }))
    )
    if (r && !r.cancelled) {
      this.bundle = r.bundle
      this.bundlePath = r.path
      this.material = undefined // wrapped and erased in main
      this.clearSettings()
    }
  }

  async loadBundle(): Promise<void> {
    const r = await this.#run('load-bundle', () => call(this.#api.byok.loadBundle()))
    if (r && !r.cancelled) {
      this.bundle = r.bundle
      this.bundleId = r.id
      this.bundleFile = r.fileName
      this.report = undefined
    }
  }

  async importBundle(region: string | undefined): Promise<void> {
    const id = this.bundleId
    if (!id) return
    const r = await this.#run('import', () =>
      call(this.#api.byok.importBundle(region ? { bundleId: id, region } : { bundleId: id }))
    )
    if (r) {
      this.report = r
      this.bundleId = undefined
    }
  }

  async importNow(): Promise<void> {
    const [wk, m] = [this.wrappingKey?.id, this.material?.id]
    if (!wk || !m) return
    const r = await this.#run('import', () =>
      call(this.#api.byok.importNow({ wrappingKeyId: wk, materialId: m, settings: this.#settings() }))
    )
    if (r) {
      this.report = r
      this.material = undefined
      this.clearSettings()
    }
  }

  async #run<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    const r = await this.#action.run(fn, { what })
    return r.ok ? r.value : undefined
  }
}
