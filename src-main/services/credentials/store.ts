import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring'
import { AppFailure } from '../kms/errors'
import { describeBinding, sameBinding, type SecretBinding } from './binding'
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
  const entry = async (account: string) =>
    new (await (keyring ??= import('@napi-rs/keyring'))).AsyncEntry(service, account, options)
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

function keychainUnavailable(action: string, platform?: NodeJS.Platform): AppFailure {
  return new AppFailure({
    code: 'keychain_unavailable',
    message: `The OS keychain is not available: could not ${action}`,
    hint: keychainHint(platform)
  })
}

/** A stored secret and what it was entered for; no binding: stored before secrets were bound. */
export interface StoredSecret {
  secret: string
  binding?: SecretBinding
}

export type SecretState = 'stored' | 'missing' | 'other-binding'

const ENVELOPE_VERSION = 1

/** The keychain item: the secret with its binding, as one JSON line. */
function encode(secret: string, b: SecretBinding): string {
  return JSON.stringify({
    tkms: ENVELOPE_VERSION,
    origin: b.origin,
    auth: b.auth,
    ...(b.clientId ? { clientId: b.clientId } : {}),
    secret
  })
}

function decode(item: string): StoredSecret {
  if (item.startsWith('{')) {
    try {
      const j = JSON.parse(item) as Record<string, unknown>
      if (
        j['tkms'] === ENVELOPE_VERSION &&
        typeof j['secret'] === 'string' &&
        typeof j['origin'] === 'string' &&
        typeof j['auth'] === 'string'
      ) {
        const binding = {
          origin: j['origin'],
          auth: j['auth'] as SecretBinding['auth'],
          ...(typeof j['clientId'] === 'string' ? { clientId: j['clientId'] } : {})
        }
        return { secret: j['secret'], binding }
      }
    } catch {
      // Not our envelope: a secret stored by an earlier version, as it was typed.
    }
  }
  return { secret: item }
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

  /** Stores the secret bound to the origin and auth kind it was entered for. */
  async set(profileId: string, secret: string, binding: SecretBinding): Promise<void> {
    if (!secret || secret.length > MAX_SECRET_LENGTH || /[\r\n]/.test(secret))
      throw new AppFailure({
        code: 'bad_input',
        message: 'The secret is empty, too long or spans several lines',
        hint: 'Paste the token or client secret exactly as issued, on one line.',
        field: 'secret'
      })
    this.#redactor.register(secret)
    await this.#guard('store the secret', profileId, () => this.#backend.set(profileId, encode(secret, binding)))
    this.#log.info('secret stored', { account: profileId, origin: binding.origin, auth: binding.auth })
  }

  /** The secret and its binding, or undefined when none is stored. Registered with the redactor before use. */
  async get(profileId: string): Promise<StoredSecret | undefined> {
    const item = await this.#guard('read the secret', profileId, () => this.#backend.get(profileId))
    if (!item) return undefined
    const stored = decode(item)
    this.#redactor.register(stored.secret)
    return stored
  }

  /**
   * The secret for this binding, or an error that says what to do. A secret entered for another
   * origin, auth kind or client is never returned; one stored before bindings existed is adopted
   * by the binding it is first used with.
   */
  async require(profileId: string, profileName: string, binding: SecretBinding): Promise<string> {
    const s = await this.get(profileId)
    if (s === undefined)
      throw new AppFailure({
        code: 'secret_missing',
        message: `No secret is stored for profile "${profileName}"`,
        hint: 'Open the profile settings and enter its token or client secret.'
      })
    if (!s.binding) {
      // Best effort: a keychain that refuses the rewrite leaves it unbound until the next use.
      await this.set(profileId, s.secret, binding).catch(() => undefined)
      return s.secret
    }
    if (!sameBinding(s.binding, binding)) {
      this.#log.warn('secret refused for another binding', {
        account: profileId,
        storedFor: s.binding.origin,
        wanted: binding.origin
      })
      throw new AppFailure({
        code: 'secret_missing',
        message: `The stored secret of profile "${profileName}" was entered for ${describeBinding(s.binding)}, not for ${describeBinding(binding)}; it was not sent`,
        hint: 'Enter the token or client secret again for this endpoint and authentication.'
      })
    }
    return s.secret
  }

  /** Whether a secret usable with this binding is stored. */
  async state(profileId: string, binding: SecretBinding): Promise<SecretState> {
    const s = await this.get(profileId)
    if (!s) return 'missing'
    return !s.binding || sameBinding(s.binding, binding) ? 'stored' : 'other-binding'
  }

  async delete(profileId: string): Promise<boolean> {
    const existed = await this.#guard('delete the secret', profileId, () => this.#backend.delete(profileId))
    this.#log.info('secret deleted', { account: profileId, existed })
    return existed
  }
}

/**
 * One secret held in memory for this process (the CLI's `env` profile, from THALASSA_* variables),
 * in front of the keychain: it is read from here, bound to the endpoint and auth kind given beside
 * it, and can never be written to the keychain.
 */
export function withEphemeralSecret(
  backend: SecretBackend,
  account: string,
  secret: string,
  binding: SecretBinding
): SecretBackend {
  const item = encode(secret, binding)
  return {
    get: (a) => (a === account ? Promise.resolve(item) : backend.get(a)),
    set: (a, s) =>
      a === account ? Promise.reject(new Error('an ephemeral secret is never stored')) : backend.set(a, s),
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
