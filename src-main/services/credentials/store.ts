import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring'
import { AppFailure } from '../kms/errors'
import { defaultRedactor, type Redactor } from '../log/redact'
import { silentLogger, type Logger } from '../log/logger'

export const KEYCHAIN_SERVICE = 'thalassa-kms-desktop'
const MAX_SECRET_LENGTH = 8192

/** The OS keychain seen as a tiny key/value store, so tests can substitute an in-memory one. */
export interface SecretBackend {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

/** Loaded on first use: commands that need no keychain (offline BYOK, THALASSA_* variables) run without it. */
let keyring: Promise<{ AsyncEntry: typeof AsyncEntry }> | undefined

/**
 * @napi-rs/keyring backend. On Linux the store is pinned to the Secret Service by default: the
 * library's fallback (the kernel keyring) forgets secrets at reboot, which would look like data loss.
 */
export function keyringBackend(opts: { service?: string; entryOptions?: EntryOptions } = {}): SecretBackend {
  const service = opts.service ?? KEYCHAIN_SERVICE
  const options = opts.entryOptions ?? { linux: { store: 'secret-service' } }
  const entry = async (account: string) => new (await (keyring ??= import('@napi-rs/keyring'))).AsyncEntry(service, account, options)
  return {
    get: async (a) => (await entry(a)).getPassword(),
    set: async (a, s) => (await entry(a)).setPassword(s),
    delete: async (a) => (await entry(a)).deleteCredential()
  }
}

export function keychainHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'Unlock your login keychain (Keychain Access) and allow Thalassa KMS Desktop to use it, then try again.'
    case 'win32':
      return 'Make sure Windows Credential Manager is available for your user account, then try again.'
    default:
      return 'Start a Secret Service provider (GNOME Keyring or KWallet) and unlock your login keyring; on a machine without a desktop session, run the app inside a D-Bus session with gnome-keyring-daemon unlocked. Secrets are never stored in plain text.'
  }
}

export function keychainUnavailable(action: string, platform?: NodeJS.Platform): AppFailure {
  return new AppFailure({ code: 'keychain_unavailable', message: `The OS keychain is not available: could not ${action}`, hint: keychainHint(platform) })
}

export interface CredentialStoreOptions {
  backend?: SecretBackend
  redactor?: Redactor
  logger?: Logger
  platform?: NodeJS.Platform
}

/**
 * Secrets per profile in the OS keychain (service "thalassa-kms-desktop", account = profile id).
 * Fails closed: any keychain failure is a `keychain_unavailable` error; there is no plaintext fallback.
 */
export class CredentialStore {
  readonly #backend: SecretBackend
  readonly #redactor: Redactor
  readonly #log: Logger
  readonly #platform: NodeJS.Platform | undefined

  constructor(o: CredentialStoreOptions = {}) {
    this.#backend = o.backend ?? keyringBackend()
    this.#redactor = o.redactor ?? defaultRedactor
    this.#log = (o.logger ?? silentLogger).child({ component: 'credentials' })
    this.#platform = o.platform
  }

  async #guard<T>(action: string, account: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      // The library's message names the platform failure, never the secret.
      this.#log.warn('keychain failure', { action, account, error: e instanceof Error ? e : String(e) })
      throw keychainUnavailable(action, this.#platform)
    }
  }

  async set(profileId: string, secret: string): Promise<void> {
    if (!secret || secret.length > MAX_SECRET_LENGTH || /[\r\n]/.test(secret))
      throw new AppFailure({ code: 'bad_input', message: 'The secret is empty, too long or spans several lines', hint: 'Paste the token or client secret exactly as issued, on one line.', field: 'secret' })
    this.#redactor.register(secret)
    await this.#guard('store the secret', profileId, () => this.#backend.set(profileId, secret))
    this.#log.info('secret stored', { account: profileId })
  }

  /** The secret, or undefined when none is stored. Registered with the redactor before use. */
  async get(profileId: string): Promise<string | undefined> {
    const s = await this.#guard('read the secret', profileId, () => this.#backend.get(profileId))
    if (s) this.#redactor.register(s)
    return s ?? undefined
  }

  /** Like get, but a missing secret is an error that says what to do. */
  async require(profileId: string, profileName = profileId): Promise<string> {
    const s = await this.get(profileId)
    if (s === undefined)
      throw new AppFailure({ code: 'secret_missing', message: `No secret is stored for profile "${profileName}"`, hint: 'Open the profile settings and enter its token or client secret.' })
    return s
  }

  async has(profileId: string): Promise<boolean> {
    return (await this.get(profileId)) !== undefined
  }

  async delete(profileId: string): Promise<boolean> {
    const existed = await this.#guard('delete the secret', profileId, () => this.#backend.delete(profileId))
    this.#log.info('secret deleted', { account: profileId, existed })
    return existed
  }
}

/**
 * One secret held in memory for this process (the CLI's `env` profile, from THALASSA_* variables),
 * in front of the keychain: it is read from here and can never be written to the keychain.
 */
export function withEphemeralSecret(backend: SecretBackend, account: string, secret: string): SecretBackend {
  return {
    get: (a) => (a === account ? Promise.resolve(secret) : backend.get(a)),
    set: (a, s) => (a === account ? Promise.reject(new Error('an ephemeral secret is never stored')) : backend.set(a, s)),
    delete: (a) => (a === account ? Promise.resolve(false) : backend.delete(a))
  }
}

/** In-memory backend for tests only; it is never used as a fallback for the OS keychain. */
export function memoryBackend(): SecretBackend & { readonly data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    get: async (a) => data.get(a) ?? null,
    set: async (a, s) => void data.set(a, s),
    delete: async (a) => data.delete(a)
  }
}
