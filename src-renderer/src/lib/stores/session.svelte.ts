import { createContext } from 'svelte'
import type { AppError } from '@contract/errors'
import type { KmsSummary } from '@contract/schemas/kms'
import type { ProfileView } from '@contract/schemas/profiles'
import type { Project, Scope } from '@contract/schemas/scope'
import { call, errorOf, kms } from '../kms'
import { keysStore } from './keys'

/**
 * Who and where the user is working: profiles, the active scope (region, project) and the
 * organisation's KMS summary. Every screen reads the scope from here.
 */
export class Session {
  profiles = $state<ProfileView[]>([])
  scope = $state<Scope | undefined>()
  summary = $state<KmsSummary | undefined>()
  projects = $state<Project[]>([])
  summaryError = $state<AppError | undefined>()
  loading = $state(false)
  /** Bumped whenever the scope changes or the user refreshes, so screens reload (keys: see KeysStore). */
  generation = $state(0)

  active = $derived(this.profiles.find((p) => p.active))
  region = $derived(
    this.summary?.regions.find((r) => r.slug === this.scope?.region || r.identity === this.scope?.region)
  )

  async load(): Promise<void> {
    this.loading = true
    try {
      const [profiles, scope] = await Promise.all([call(kms.profiles.list()), call(kms.scope.get())])
      this.profiles = profiles
      this.scope = scope
      await this.loadSummary()
    } finally {
      this.loading = false
      this.generation++
    }
  }

  async loadSummary(): Promise<void> {
    try {
      this.summary = await call(kms.kms.summary())
      this.summaryError = undefined
    } catch (e) {
      this.summary = undefined
      this.summaryError = errorOf(e)
    }
    this.projects = await call(kms.kms.projects()).catch(() => [])
  }

  async selectProfile(id: string): Promise<void> {
    await call(kms.profiles.selectActive({ id }))
    await this.load()
  }

  async setRegion(region: string): Promise<void> {
    this.scope = await call(kms.scope.set({ region }))
    this.generation++
  }

  async setProject(project: string | null): Promise<void> {
    this.scope = await call(kms.scope.set({ project }))
    await this.loadSummary()
    this.generation++
  }

  refresh(): void {
    void keysStore.invalidate()
    void this.loadSummary().then(() => this.generation++)
  }
}

export const [getSession, setSession] = createContext<Session>()
