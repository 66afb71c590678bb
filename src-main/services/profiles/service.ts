import {
  type Profile,
  type ProfileInput,
  type ProfilePatch,
  type ProfileView,
  type TestConnectionResult
} from '@contract/schemas/profiles'
import { colorOf, environmentOf } from '@contract/schemas/environment'
import { bindingOf, sameBinding } from '../credentials/binding'
import { AppFailure } from '../kms/errors'
import type { KmsClient } from '../kms/client'
import { silentLogger, type Logger } from '../log/logger'
import { readCaBundle } from './ca-bundle'
import { clientForProfile, testConnection, type ConnectionDeps } from './connection'
import type { ProfileStore } from './store'
import { candidateFromEnv, type Env } from './tcloud-env'

export interface ProfileServiceOptions extends ConnectionDeps {
  store: ProfileStore
}

/**
 * What the IPC handlers call for profiles. Every return value is renderer-safe: secrets go into
 * the keychain and come back only as `hasSecret`/`secretStatus`.
 */
export class ProfileService {
  readonly #store: ProfileStore
  readonly #deps: ConnectionDeps
  readonly #log: Logger
  readonly #clients = new Map<string, Promise<KmsClient>>()

  constructor(o: ProfileServiceOptions) {
    const { store, ...deps } = o
    this.#store = store
    this.#deps = deps
    this.#log = (o.logger ?? silentLogger).child({ component: 'profiles' })
  }

  async #view(p: Profile): Promise<ProfileView> {
    let secretStatus: ProfileView['secretStatus'] = 'builtin'
    if (p.kind !== 'sandbox') {
      try {
        // A secret entered for another endpoint or auth kind is as good as none: it must be entered again.
        secretStatus = (await this.#deps.credentials.state(p.id, bindingOf(p))) === 'stored' ? 'stored' : 'missing'
      } catch {
        secretStatus = 'keychain_unavailable'
      }
    }
    const hasSecret = secretStatus === 'stored' || secretStatus === 'builtin'
    return {
      ...p,
      hasSecret,
      secretStatus,
      readOnly: p.kind === 'sandbox',
      active: this.#store.active().id === p.id,
      environment: environmentOf(p),
      color: colorOf(p)
    }
  }

  async list(): Promise<ProfileView[]> {
    return Promise.all(this.#store.list().map((p) => this.#view(p)))
  }

  /** The certificates of a CA bundle being added (checked now, pinned for later use). */
  async #ca(path: string | null | undefined): Promise<Pick<ProfilePatch, 'caCertificates'>> {
    if (path === null) return { caCertificates: null }
    return path === undefined ? {} : { caCertificates: (await readCaBundle(path)).certificates }
  }

  /** Creates the profile, then stores the secret; if the keychain refuses, the profile is removed again. */
  async create(input: ProfileInput, secret?: string): Promise<ProfileView> {
    const p = await this.#store.create({ ...input, ...(await this.#ca(input.caBundlePath)) } as ProfileInput)
    if (secret !== undefined) {
      try {
        await this.#deps.credentials.set(p.id, secret, bindingOf(p))
      } catch (e) {
        await this.#store.delete(p.id)
        throw e
      }
    }
    this.#log.info('profile created', { profileId: p.id, auth: p.auth.kind })
    return this.#view(p)
  }

  /**
   * A new endpoint origin, auth kind or client id discards the stored secret: it belongs to what it
   * was entered for, and the user is asked for it again. (Should the keychain refuse the delete, the
   * binding check still keeps the old secret from being sent.)
   */
  async update(id: string, patch: ProfilePatch): Promise<ProfileView> {
    const before = this.#store.get(id)
    const p = await this.#store.update(id, { ...patch, ...(await this.#ca(patch.caBundlePath)) })
    await this.#drop(id)
    if (!sameBinding(bindingOf(before), bindingOf(p))) {
      const discarded = await this.#deps.credentials.delete(id).catch(() => false)
      this.#log.info('profile secret discarded', {
        profileId: id,
        discarded,
        origin: bindingOf(p).origin,
        auth: p.auth.kind
      })
    }
    this.#log.info('profile updated', { profileId: id, fields: Object.keys(patch) })
    return this.#view(p)
  }

  async setSecret(id: string, secret: string): Promise<ProfileView> {
    const p = this.#store.get(id)
    if (p.kind === 'sandbox')
      throw new AppFailure({
        code: 'bad_input',
        message: 'The Local sandbox uses its built-in test credential',
        hint: 'Create a Thalassa Cloud profile to use your own token.'
      })
    await this.#deps.credentials.set(id, secret, bindingOf(p))
    await this.#drop(id)
    this.#log.info('profile secret set', { profileId: id })
    return this.#view(p)
  }

  /** Deletes the secret first: if the keychain is unavailable nothing is deleted, so no secret is orphaned. */
  async delete(id: string): Promise<void> {
    const p = this.#store.get(id)
    if (p.kind === 'sandbox')
      throw new AppFailure({
        code: 'bad_input',
        message: 'The Local sandbox profile is built in and cannot be deleted',
        hint: 'Nothing to do: it stays available offline.'
      })
    await this.#deps.credentials.delete(id)
    await this.#store.delete(id)
    await this.#drop(id)
    this.#log.info('profile deleted', { profileId: id })
  }

  async selectActive(id: string): Promise<ProfileView> {
    const p = await this.#store.setActive(id)
    this.#log.info('profile selected', { profileId: id })
    return this.#view(p)
  }

  testConnection(id: string): Promise<TestConnectionResult> {
    return testConnection(this.#store.get(id), this.#deps)
  }

  /** A cached client for the profile (the active one by default); rebuilt after update/secret change. */
  client(id: string = this.#store.active().id): Promise<KmsClient> {
    let c = this.#clients.get(id)
    if (!c) {
      c = clientForProfile(this.#store.get(id), this.#deps)
      c.catch(() => this.#clients.delete(id))
      this.#clients.set(id, c)
    }
    return c
  }

  /** Imports every tcloud context and THALASSA_* env profile not already present (by name). */
  async importTcloud(
    env: Env,
    home: string,
    opts: { includeEnv?: boolean } = {}
  ): Promise<{ imported: ProfileView[]; skipped: string[]; notes: string[] }> {
    // The YAML parser loads only here, where a tcloud config is read.
    const { readTcloudConfig } = await import('./tcloud-import')
    const found = await readTcloudConfig(env, home).catch((e: unknown) => {
      if (
        opts.includeEnv &&
        e instanceof AppFailure &&
        e.code === 'bad_input' &&
        e.message.startsWith('No tcloud config')
      )
        return []
      throw e
    })
    const fromEnv = opts.includeEnv ? candidateFromEnv(env) : undefined
    const candidates = fromEnv ? [...found, fromEnv] : found
    const names = new Set(this.#store.list().map((p) => p.name.toLowerCase()))
    const imported: ProfileView[] = []
    const skipped: string[] = []
    const notes: string[] = []
    for (const c of candidates) {
      if (names.has(c.input.name.toLowerCase())) {
        skipped.push(c.input.name)
        continue
      }
      const v = await this.create(c.input, c.secret)
      imported.push(v)
      names.add(v.name.toLowerCase())
      if (c.note) notes.push(`${v.name}: ${c.note}`)
    }
    this.#log.info('tcloud import', { imported: imported.length, skipped: skipped.length })
    return { imported, skipped, notes }
  }

  async #drop(id: string): Promise<void> {
    const c = this.#clients.get(id)
    this.#clients.delete(id)
    await c?.then(
      (x) => x.close(),
      () => undefined
    )
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.keys()].map((id) => this.#drop(id)))
  }
}
