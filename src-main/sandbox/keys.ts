import { DELETION_WINDOW_DAYS, supports, type KeyType } from '@contract/schemas/key-types'
import { parseHashFunction, unwrapImport } from './byok'
import type { Clock } from './clock'
import { badRequest, conflict, notFound } from './errors'
import { newIdentity, slugify } from './ids'
import { checkImportedMaterial, generateMaterial } from './key-material'
import { freshKeyPairs, type KeyPairSource } from './keygen'
import type { KeyRecord } from './state-schema'
import type { CreateBodyT } from './request-schemas'
import { materialLabel, type SandboxStore } from './store'

const DAY_MS = 86_400_000

export interface Scope {
  organisationIdentity: string
  region: string
  projectId: string | null
}

const inScope = (k: KeyRecord, s: Scope): boolean =>
  k.organisationIdentity === s.organisationIdentity && k.region === s.region && k.projectId === s.projectId

/** Key lifecycle over the persisted state; every change bumps objectVersion and is saved before returning. */
export class KeyService {
  constructor(
    private readonly store: SandboxStore,
    private readonly clock: Clock,
    readonly keyPairs: KeyPairSource = freshKeyPairs
  ) {}

  list(s: Scope, filter: { identity?: string; name?: string; slug?: string }): KeyRecord[] {
    return this.store.state.keys.filter(
      (k) =>
        inScope(k, s) &&
        (filter.identity === undefined || k.identity === filter.identity) &&
        (filter.name === undefined || k.name === filter.name) &&
        (filter.slug === undefined || k.slug === filter.slug)
    )
  }

  all(): readonly KeyRecord[] {
    return this.store.state.keys
  }

  /** By identity or slug; a key of another scope is indistinguishable from a missing one. */
  find(s: Scope, id: string): KeyRecord {
    const k = this.store.state.keys.find((x) => inScope(x, s) && (x.identity === id || x.slug === id))
    if (!k)
      throw notFound(
        `key ${JSON.stringify(id)} not found in region ${s.region}${s.projectId ? ' in this project' : ''}`
      )
    return k
  }

  async create(s: Scope, b: CreateBodyT): Promise<KeyRecord> {
    const slug = slugify(b.name)
    if (slug === '') throw badRequest('name must contain at least one letter or digit (the slug is derived from it)')
    if (b.keyRotationEnabled && !b.rotationPeriodInDays)
      throw badRequest('rotationPeriodInDays (1–3650) is required when keyRotationEnabled is true')
    if (this.store.state.keys.some((k) => inScope(k, s) && k.slug === slug)) {
      throw conflict(
        `a key with slug ${JSON.stringify(slug)} already exists in this organisation, region and project; choose another name`
      )
    }
    const material = await this.initialMaterial(s, b)
    if (this.store.state.keys.some((k) => inScope(k, s) && k.slug === slug))
      throw conflict(
        `a key with slug ${JSON.stringify(slug)} already exists in this organisation, region and project; choose another name`
      )
    const now = this.clock.now().toISOString()
    const identity = newIdentity('kms')
    const key: KeyRecord = {
      identity,
      ...s,
      name: b.name,
      slug,
      ...(b.description !== undefined ? { description: b.description } : {}),
      ...(b.labels !== undefined ? { labels: b.labels } : {}),
      ...(b.annotations !== undefined ? { annotations: b.annotations } : {}),
      keyType: b.keyType,
      status: 'active',
      exportAllowed: b.exportAllowed ?? false,
      imported: b.importKeyMaterial !== undefined,
      allowRotation: b.importKeyMaterial === undefined ? true : (b.allowRotation ?? false),
      keyRotationEnabled: b.keyRotationEnabled ?? false,
      rotationPeriodInDays: b.rotationPeriodInDays ?? null,
      latestVersion: 1,
      minDecryptionVersion: 1,
      versions: [{ version: 1, createdAt: now, sealed: this.store.seal(materialLabel(identity, 1), material) }],
      deletionScheduledAt: null,
      createdAt: now,
      updatedAt: now,
      objectVersion: 1
    }
    if (key.imported && key.keyRotationEnabled && !key.allowRotation)
      throw badRequest('an imported key can only rotate automatically when allowRotation is true')
    this.store.state.keys.push(key)
    await this.store.save()
    return key
  }

  private async initialMaterial(s: Scope, b: CreateBodyT): Promise<Buffer> {
    if (b.importKeyMaterial === undefined) {
      if (b.hashFunction !== undefined || b.allowRotation !== undefined)
        throw badRequest('hashFunction and allowRotation only apply to an import: send importKeyMaterial too')
      return generateMaterial(b.keyType, this.keyPairs)
    }
    if (!supports(b.keyType, 'import'))
      throw badRequest(`${b.keyType} keys cannot be imported (HMAC key types do not support BYOK)`)
    const material = unwrapImport(this.store, s.region, b.importKeyMaterial, parseHashFunction(b.hashFunction))
    checkImportedMaterial(b.keyType, material)
    return material
  }

  material(k: KeyRecord, version: number): Buffer {
    const v = k.versions.find((x) => x.version === version)
    if (!v) throw badRequest(`key version ${version} does not exist (latest is ${k.latestVersion})`)
    return this.store.unseal(materialLabel(k.identity, version), v.sealed)
  }

  async rotate(k: KeyRecord): Promise<KeyRecord> {
    requireActive(k)
    if (k.imported && !k.allowRotation)
      throw badRequest(
        'this key was imported without allowRotation, so it cannot be rotated; import new material as a new key instead'
      )
    const material = await generateMaterial(k.keyType as KeyType, this.keyPairs)
    const version = k.latestVersion + 1
    const now = this.clock.now().toISOString()
    k.versions.push({ version, createdAt: now, sealed: this.store.seal(materialLabel(k.identity, version), material) })
    k.latestVersion = version
    return this.touch(k, now)
  }

  async updateRotation(
    k: KeyRecord,
    b: { keyRotationEnabled?: boolean; rotationPeriodInDays?: number | null }
  ): Promise<KeyRecord> {
    const enabled = b.keyRotationEnabled ?? k.keyRotationEnabled
    const period = b.rotationPeriodInDays === undefined ? k.rotationPeriodInDays : b.rotationPeriodInDays
    if (enabled && !period)
      throw badRequest('rotationPeriodInDays (1–3650) is required when keyRotationEnabled is true')
    if (enabled && k.imported && !k.allowRotation)
      throw badRequest('this key was imported without allowRotation, so automatic rotation cannot be enabled')
    k.keyRotationEnabled = enabled
    k.rotationPeriodInDays = period ?? null
    return this.touch(k)
  }

  async disable(k: KeyRecord): Promise<KeyRecord> {
    if (k.status === 'pending_deletion') throw badRequest('key is pending deletion; cancel the deletion first')
    k.status = 'disabled'
    return this.touch(k)
  }

  async enable(k: KeyRecord): Promise<KeyRecord> {
    if (k.status === 'pending_deletion')
      throw badRequest('key is pending deletion; cancel the deletion to make it active again')
    k.status = 'active'
    return this.touch(k)
  }

  async scheduleDeletion(k: KeyRecord): Promise<KeyRecord> {
    if (k.status === 'pending_deletion')
      throw badRequest(`key is already pending deletion (scheduled for ${k.deletionScheduledAt})`)
    k.status = 'pending_deletion'
    k.deletionScheduledAt = new Date(this.clock.now().getTime() + DELETION_WINDOW_DAYS * DAY_MS).toISOString()
    return this.touch(k)
  }

  async cancelDeletion(k: KeyRecord): Promise<KeyRecord> {
    if (k.status !== 'pending_deletion')
      throw badRequest(`key is ${k.status}, not pending deletion; there is nothing to cancel`)
    k.status = 'active'
    k.deletionScheduledAt = null
    return this.touch(k)
  }

  /** The hourly job of the service: rotate keys whose period has elapsed, purge expired deletions. */
  async runScheduler(): Promise<void> {
    const now = this.clock.now().getTime()
    const state = this.store.state
    const expired = state.keys.filter(
      (k) =>
        k.status === 'pending_deletion' && k.deletionScheduledAt !== null && Date.parse(k.deletionScheduledAt) <= now
    )
    for (const k of expired) this.store.forget(`${k.identity}:`)
    state.keys = state.keys.filter((k) => !expired.includes(k))
    for (const k of state.keys) {
      if (k.status !== 'active' || !k.keyRotationEnabled || !k.rotationPeriodInDays || (k.imported && !k.allowRotation))
        continue
      const latest = k.versions.find((v) => v.version === k.latestVersion)
      if (latest && Date.parse(latest.createdAt) + k.rotationPeriodInDays * DAY_MS <= now) await this.rotate(k)
    }
    if (expired.length > 0) await this.store.save()
  }

  private async touch(k: KeyRecord, now = this.clock.now().toISOString()): Promise<KeyRecord> {
    k.updatedAt = now
    k.objectVersion += 1
    await this.store.save()
    return k
  }
}

/** Crypto needs an active key: disabled and pending-deletion keys answer 400, as the service does. */
export function requireActive(k: KeyRecord): void {
  if (k.status === 'disabled') throw badRequest('key is disabled; enable it before using it')
  if (k.status === 'pending_deletion') throw badRequest('key is pending deletion; cancel the deletion before using it')
}
