import type { Scope, ScopeUpdate } from '@contract/schemas/scope'
import type { ActivityLog } from './audit/activity-log'
import type { KmsClient } from './kms/client'
import { toAppError } from './kms/errors'
import { clientForProfile, type ConnectionDeps } from './profiles/connection'
import type { ProfileService } from './profiles/service'
import type { ProfileStore } from './profiles/store'
import { PermissionCache, type PermissionScope } from './permissions/cache'

const FALLBACK_REGION = 'nl-01'

export interface WorkspaceOptions {
  store: ProfileStore
  profiles: ProfileService
  deps: ConnectionDeps
  activity: ActivityLog
}

/**
 * The scope KMS calls go to (active profile, region, project) and the client for it. Every
 * user-visible operation runs through `audited`, which records it in the activity log.
 */
export class Workspace {
  #region: string | undefined
  /** undefined: the profile's own project; null: organisation scope; string: that project. */
  #project: string | null | undefined
  readonly #clients = new Map<string, Promise<KmsClient>>()
  /** What the active token may do per profile, region and project, learnt from answers. */
  readonly permissions = new PermissionCache()

  constructor(private readonly o: WorkspaceOptions) {}

  /** Called when the active profile changes: its own default region and project apply again. */
  reset(): void {
    this.#region = undefined
    this.#project = undefined
  }

  #projectFor(profileProject: string | undefined): string | undefined {
    return this.#project === undefined ? profileProject : (this.#project ?? undefined)
  }

  async scope(): Promise<Scope> {
    const p = this.o.store.active()
    if (!this.#region) this.#region = p.defaultRegion ?? (await this.#firstAvailableRegion())
    const project = this.#projectFor(p.project)
    return { profileId: p.id, region: this.#region, ...(project ? { project } : {}) }
  }

  async setScope(u: ScopeUpdate): Promise<Scope> {
    if (u.region !== undefined) this.#region = u.region
    if (u.project !== undefined) this.#project = u.project
    return this.scope()
  }

  async #firstAvailableRegion(): Promise<string> {
    try {
      const s = await (await this.client()).summary()
      return s.regions.find((r) => r.kmsAvailable)?.slug ?? s.regions[0]?.slug ?? FALLBACK_REGION
    } catch {
      return FALLBACK_REGION
    }
  }

  /** The client for the active profile in the current project scope. */
  client(): Promise<KmsClient> {
    const p = this.o.store.active()
    return this.clientFor(p.id, this.#projectFor(p.project))
  }

  /** A client for a saved profile in a project (undefined: organisation scope); posture spans several. */
  clientFor(profileId: string, project: string | undefined): Promise<KmsClient> {
    const p = this.o.store.get(profileId)
    if (project === p.project) return this.o.profiles.client(p.id)
    const cacheKey = `${p.id}|${project ?? ''}`
    let c = this.#clients.get(cacheKey)
    if (!c) {
      c = clientForProfile({ ...p, project }, this.o.deps)
      c.catch(() => this.#clients.delete(cacheKey))
      this.#clients.set(cacheKey, c)
    }
    return c
  }

  /** Runs a KMS operation and records it (no secrets, no plaintext) whatever the outcome. */
  async audited<T>(
    operation: string,
    target: { region?: string; key?: string; detail?: string },
    fn: (c: KmsClient) => Promise<T>,
    /** Names the key from the response (e.g. "name (identity)") when the request only had an id. */
    keyOf?: (value: T) => string
  ): Promise<T> {
    const profile = this.o.store.active().name
    const here = this.permissionScope(target.region)
    try {
      const value = await fn(await this.client())
      if (here) this.permissions.record(here, operation, 'ok')
      await this.o.activity.record({
        profile,
        operation,
        outcome: 'ok',
        ...target,
        ...(keyOf ? { key: keyOf(value) } : {})
      })
      return value
    } catch (e) {
      const err = toAppError(e)
      if (here) this.permissions.record(here, operation, err.code)
      await this.o.activity.record({
        profile,
        operation,
        outcome: 'error',
        errorCode: err.code,
        errorMessage: err.message,
        ...(err.hint ? { errorHint: err.hint } : {}),
        ...target
      })
      throw e
    }
  }

  /** The profile, region and project an operation in `region` (default: the current one) acts on. */
  permissionScope(region?: string): PermissionScope | undefined {
    const p = this.o.store.active()
    const r = region ?? this.#region
    return r ? { profileId: p.id, region: r, project: this.#projectFor(p.project) } : undefined
  }

  async close(): Promise<void> {
    const all = [...this.#clients.values()]
    this.#clients.clear()
    await Promise.all(
      all.map((c) =>
        c.then(
          (x) => x.close(),
          () => undefined
        )
      )
    )
  }
}
