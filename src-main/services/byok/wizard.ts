import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import { KEY_TYPES, supports } from '@contract/schemas/key-types'
import type {
  BundleView,
  ByokOptions,
  ImportReportView,
  ImportSettings,
  MaterialView,
  WrappingKeyView
} from '@contract/schemas/byok'
import { BYOK_HASH_FUNCTIONS } from '@contract/schemas/byok'
import { toAppError } from '../shared/errors'
import type { Platform } from '../platform'
import { BACKUP_WARNING, saveMaterialBackup } from './backup'
import { describeBundle, readBundle, writeBundle, type Bundle } from './bundle'
import { ByokError, badInput } from './errors'
import { sameFingerprint } from '../shared/fingerprint'
import { importBundle, importOneStep, type ImportReport } from './import'
import type { ByokKms } from './kms-port'
import type { KeyMaterial } from './material'
import { expectedMaterial } from './material-check'
import { MATERIAL_FORMATS, type MaterialFormat } from './material-decode'
import { generateMaterial } from './material-generate'
import { loadMaterialFile } from './material-load'
import { parseImportMeta, prepareBundle } from './prepare'
import { DEFAULT_SLOT_TTL_MS, SlotStore } from './slots'
import { HMAC_REFUSAL, assertImportable } from './types'
import {
  fetchWrappingKey,
  loadWrappingKeyFile,
  parseWrappingKey,
  saveWrappingKeyFile,
  type WrappingKeyFile,
  type WrappingKeySource
} from './wrapping-key'

export interface AuditTarget {
  region?: string
  key?: string
  detail?: string
}

/** What the wizard needs from the application: dialogs, the KMS of the scope, the activity log. */
export interface ByokHost {
  platform: Pick<Platform, 'chooseSavePath' | 'chooseOpenPaths'>
  scopeRegion(): Promise<string>
  /** Endpoint and organisation of the active profile, written into the wrapping-key file. */
  source(): WrappingKeySource
  /** Runs a KMS call for the active profile and records it in the activity log. */
  online<T>(operation: string, target: AuditTarget, fn: (kms: ByokKms) => Promise<T>): Promise<T>
  /** Records a local (offline) operation in the activity log. */
  record(
    operation: string,
    outcome: 'ok' | 'error',
    target: AuditTarget & { errorCode?: string; errorMessage?: string; errorHint?: string }
  ): Promise<void>
}

interface HeldWrappingKey {
  file: WrappingKeyFile
  source: 'kms' | 'file'
  fileName?: string
}
interface HeldMaterial {
  material: KeyMaterial
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'key'
/** What the window sees of a bundle: the contract's view, without the file's format and version tags. */
function bundleView(b: Bundle) {
  const { format: _format, version: _version, ...view } = describeBundle(b)
  return view
}
const errorCode = (e: unknown) => toAppError(e).code
const errorText = (e: unknown) => {
  const err = toAppError(e)
  return { errorMessage: err.message, ...(err.hint ? { errorHint: err.hint } : {}) }
}

/**
 * The steps of the BYOK wizard, Electron-free. Material, wrapped blobs and bundles are held here,
 * in slots named by opaque ids; every method returns only descriptions (type, size, fingerprints).
 * The offline steps never touch the KMS.
 */
export class ByokWizard {
  readonly wrappingKeys: SlotStore<HeldWrappingKey>
  readonly materials: SlotStore<HeldMaterial>
  readonly bundles: SlotStore<Bundle>

  constructor(
    private readonly host: ByokHost,
    readonly ttlMs: number = DEFAULT_SLOT_TTL_MS
  ) {
    this.wrappingKeys = new SlotStore('wrapping key', undefined, ttlMs)
    this.materials = new SlotStore('key material', (m) => m.material.destroy(), ttlMs)
    this.bundles = new SlotStore('import bundle', undefined, ttlMs)
  }

  options(): ByokOptions {
    return {
      keyTypes: KEY_TYPES.map((t) =>
        supports(t, 'import')
          ? { keyType: t, importable: true, note: expectedMaterial(assertImportable(t)) }
          : { keyType: t, importable: false, note: HMAC_REFUSAL }
      ),
      hashFunctions: [...BYOK_HASH_FUNCTIONS],
      defaultHashFunction: 'sha256',
      materialFormats: [...MATERIAL_FORMATS],
      backupWarning: BACKUP_WARNING,
      slotTtlSeconds: Math.round(this.ttlMs / 1000)
    }
  }

  async fetchWrappingKey(region?: string): Promise<WrappingKeyView> {
    const r = region ?? (await this.host.scopeRegion())
    const { file } = await this.host.online('byok:fetch-wrapping-key', { region: r }, (kms) =>
      fetchWrappingKey(kms, r, this.host.source())
    )
    return this.#holdWrappingKey({ file, source: 'kms' })
  }

  async saveWrappingKey(id: string): Promise<{ cancelled: true } | { cancelled: false; path: string }> {
    const { file } = this.wrappingKeys.get(id)
    const path = await this.host.platform.chooseSavePath({
      title: 'Save wrapping-key file',
      defaultName: `${file.region}.wrapping-key.json`
    })
    if (!path) return { cancelled: true }
    await this.#offline(
      'byok:save-wrapping-key',
      { region: file.region, detail: `${basename(path)}, ${file.fingerprint}` },
      () => saveWrappingKeyFile(path, file)
    )
    return { cancelled: false, path }
  }

  async loadWrappingKey(): Promise<{ cancelled: true } | { cancelled: false; wrappingKey: WrappingKeyView }> {
    const [path] = await this.host.platform.chooseOpenPaths({ title: 'Open a wrapping-key file' })
    if (!path) return { cancelled: true }
    const { file } = await this.#offline('byok:load-wrapping-key', { detail: basename(path) }, () =>
      loadWrappingKeyFile(path)
    )
    return { cancelled: false, wrappingKey: this.#holdWrappingKey({ file, source: 'file', fileName: basename(path) }) }
  }

  async generateMaterial(keyType: string): Promise<MaterialView> {
    const material = await this.#offline('byok:generate-material', { detail: keyType }, () => generateMaterial(keyType))
    return this.#holdMaterial(material, 'generated')
  }

  async loadMaterial(
    keyType: string,
    opts: { format?: MaterialFormat; passphrase?: string }
  ): Promise<{ cancelled: true } | { cancelled: false; material: MaterialView }> {
    assertImportable(keyType) // refuse HMAC before asking for a file
    const [path] = await this.host.platform.chooseOpenPaths({ title: `Open ${keyType} key material` })
    if (!path) return { cancelled: true }
    const loadOpts = {
      ...(opts.format ? { format: opts.format } : {}),
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {})
    }
    const material = await this.#offline('byok:load-material', { detail: `${keyType} from ${basename(path)}` }, () =>
      loadMaterialFile(keyType, path, loadOpts)
    )
    return { cancelled: false, material: this.#holdMaterial(material, 'file', basename(path)) }
  }

  discardMaterial(id: string): boolean {
    return this.materials.discard(id)
  }

  async saveBackup(id: string): Promise<{ cancelled: true } | { cancelled: false; path: string; warning: string }> {
    const { material } = this.materials.get(id)
    const ext = material.publicKey ? 'pem' : 'b64'
    const path = await this.host.platform.chooseSavePath({
      title: 'Save a PLAINTEXT backup of the key material',
      defaultName: `${material.keyType}-backup.${ext}`
    })
    if (!path) return { cancelled: true }
    const r = await this.#offline('byok:save-backup', { detail: `${material.keyType} to ${basename(path)}` }, () =>
      saveMaterialBackup(material, path)
    )
    return { cancelled: false, ...r }
  }

  /** Offline: settings are checked and the file chosen before the material is wrapped (and erased). */
  async writeBundle(
    wrappingKeyId: string,
    materialId: string,
    settings: ImportSettings
  ): Promise<{ cancelled: true } | { cancelled: false; path: string; bundle: BundleView }> {
    const { file } = this.wrappingKeys.get(wrappingKeyId)
    this.materials.get(materialId)
    const meta = parseImportMeta(settings)
    const path = await this.host.platform.chooseSavePath({
      title: 'Save the import bundle',
      defaultName: `${slug(meta.name)}.byok.json`
    })
    if (!path) return { cancelled: true }
    if (existsSync(path))
      throw new ByokError(
        'exists',
        `${path} already exists; it was left untouched.`,
        'Choose another file name: a bundle is never written over an existing file.'
      )
    const bundle = await this.#offline(
      'byok:write-bundle',
      { region: file.region, key: meta.name, detail: basename(path) },
      async () => {
        const { material } = this.materials.take(materialId)
        const b = prepareBundle(file, material, meta)
        await writeBundle(path, b)
        return b
      }
    )
    return { cancelled: false, path, bundle: bundleView(bundle) }
  }

  async loadBundle(): Promise<
    { cancelled: true } | { cancelled: false; id: string; fileName: string; bundle: BundleView }
  > {
    const [path] = await this.host.platform.chooseOpenPaths({ title: 'Open an import bundle' })
    if (!path) return { cancelled: true }
    const bundle = await this.#offline('byok:load-bundle', { detail: basename(path) }, () => readBundle(path))
    return { cancelled: false, id: this.bundles.put(bundle).id, fileName: basename(path), bundle: bundleView(bundle) }
  }

  async importBundle(bundleId: string, region?: string): Promise<ImportReportView> {
    const bundle = this.bundles.get(bundleId)
    const r = region ?? (await this.host.scopeRegion())
    const report = await this.host.online(
      'byok:import-bundle',
      { region: r, key: bundle.name, detail: `${bundle.keyType}, bundle digest ${bundle.digest.slice(0, 16)}` },
      (kms) => importBundle(kms, bundle, { region: r })
    )
    this.bundles.discard(bundleId)
    return view(report)
  }

  /** One step: the wrapping key shown to the user must still be the region's current one. */
  async importNow(materialId: string, wrappingKeyId: string, settings: ImportSettings): Promise<ImportReportView> {
    const { file } = this.wrappingKeys.get(wrappingKeyId)
    const held = this.materials.get(materialId)
    const meta = parseImportMeta(settings)
    const region = file.region
    const report = await this.host.online(
      'byok:import-now',
      { region, key: meta.name, detail: held.material.keyType },
      async (kms) => {
        const current = parseWrappingKey((await kms.getWrappingKey(region)).publicKey)
        if (!sameFingerprint(current.fingerprint, file.fingerprint)) {
          throw badInput(
            `The wrapping key of ${region} changed since it was shown (shown: ${file.fingerprint}, now: ${current.fingerprint}).`,
            'Fetch the wrapping key again and compare the new fingerprint.'
          )
        }
        return importOneStep(kms, region, this.materials.take(materialId).material, meta)
      }
    )
    return view(report)
  }

  discardAll(): void {
    this.materials.discardAll()
    this.bundles.discardAll()
    this.wrappingKeys.discardAll()
  }

  #holdWrappingKey(held: HeldWrappingKey): WrappingKeyView {
    const { id } = this.wrappingKeys.put(held)
    const f = held.file
    return {
      id,
      source: held.source,
      region: f.region,
      endpoint: f.endpoint,
      organisation: f.organisation,
      fingerprint: f.fingerprint,
      rsaBits: f.rsaBits,
      fetchedAt: f.fetchedAt,
      ...(f.algorithm !== undefined ? { algorithm: f.algorithm } : {}),
      ...(held.fileName !== undefined ? { fileName: held.fileName } : {})
    }
  }

  #holdMaterial(material: KeyMaterial, source: 'generated' | 'file', fileName?: string): MaterialView {
    const base = {
      keyType: material.keyType,
      source,
      sizeBytes: material.length,
      ...(material.publicKey ? { publicKeyFingerprint: material.publicKey.fingerprint } : {}),
      ...(fileName ? { fileName } : {})
    }
    const { id, expiresAt } = this.materials.put({ material })
    return { ...base, id, expiresAt: expiresAt.toISOString() }
  }

  async #offline<T>(operation: string, target: AuditTarget, fn: () => Promise<T>): Promise<T> {
    try {
      const value = await fn()
      await this.host.record(operation, 'ok', target)
      return value
    } catch (e) {
      await this.host.record(operation, 'error', { ...target, errorCode: errorCode(e), ...errorText(e) })
      throw e
    }
  }
}

function view(r: ImportReport): ImportReportView {
  const v: ImportReportView = {
    key: r.key,
    region: r.region,
    keyType: r.keyType,
    hashFunction: r.hashFunction,
    wrappingKeyFingerprint: r.wrappingKeyFingerprint,
    imported: r.imported,
    warnings: r.warnings,
    ok: r.ok
  }
  if (r.publicKeyCheck) v.publicKeyCheck = { ...r.publicKeyCheck }
  return v
}
