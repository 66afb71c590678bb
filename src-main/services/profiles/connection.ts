import type { Dispatcher } from 'undici'
import type { Profile, TestConnectionResult } from '@contract/schemas/profiles'
import { KmsClient, type AuthProvider } from '../kms/client'
import { toAppError } from '../kms/errors'
import type { WireObserver } from '../kms/http'
import type { RetryOptions } from '../kms/retry'
import { DEFAULT_TIMEOUTS, createDispatcher, parseEndpoint, type ProxyEnv, type Timeouts } from '../kms/transport'
import { bindingOf } from '../credentials/binding'
import type { CredentialStore } from '../credentials/store'
import { silentLogger, type Logger } from '../log/logger'
import { ClientCredentialsAuth, accessTokenAuth, patAuth } from './auth'
import { pinnedCaBundle } from './ca-bundle'

/** The sandbox's documented local test credential; it is not a secret and never touches the keychain. */
const SANDBOX_PAT = 'tc_pat_sandbox_admin'

export interface ConnectionDeps {
  credentials: CredentialStore
  /** Pass `process.env` in the app; tests pass a literal. */
  proxyEnv?: ProxyEnv
  userAgent?: string
  timeouts?: Timeouts
  retry?: RetryOptions
  logger?: Logger
  /** The wire log (CLI `--debug-http`, the Settings switch); it redacts what it writes. */
  wire?: WireObserver
  /** Tests only: route every request through this dispatcher (e.g. undici MockAgent). */
  dispatcher?: Dispatcher
  now?: () => number
}

async function caBundle(profile: Profile): Promise<string | undefined> {
  return profile.caBundlePath ? pinnedCaBundle(profile.caBundlePath, profile.caCertificates) : undefined
}

async function authFor(
  profile: Profile,
  deps: ConnectionDeps,
  ca: string | undefined
): Promise<{ auth: AuthProvider; close?: () => Promise<void> }> {
  if (profile.kind === 'sandbox') return { auth: patAuth(SANDBOX_PAT) }
  // The keychain hands out the secret only for the origin and auth kind it was entered for.
  const binding = bindingOf(profile)
  const secret = await deps.credentials.require(profile.id, profile.name, binding)
  switch (profile.auth.kind) {
    case 'pat':
      return { auth: patAuth(secret, binding.origin) }
    case 'access-token':
      return { auth: accessTokenAuth(secret, binding.origin) }
    case 'client-credentials': {
      const owned = !deps.dispatcher
      const dispatcher =
        deps.dispatcher ??
        createDispatcher({
          endpoint: parseEndpoint(profile.endpoint),
          timeouts: { ...DEFAULT_TIMEOUTS, ...deps.timeouts },
          caBundle: ca,
          proxyEnv: deps.proxyEnv
        })
      const auth = new ClientCredentialsAuth({
        endpoint: profile.endpoint,
        clientId: profile.auth.clientId,
        clientSecret: secret,
        dispatcher,
        now: deps.now,
        userAgent: deps.userAgent
      })
      return { auth, close: owned ? () => dispatcher.close() : undefined }
    }
  }
}

/** A ready client for a profile: secret from the keychain, proxy/CA settings applied. Close it when done. */
export async function clientForProfile(profile: Profile, deps: ConnectionDeps): Promise<KmsClient> {
  const ca = await caBundle(profile)
  const { auth, close } = await authFor(profile, deps, ca)
  const client = new KmsClient({
    endpoint: profile.endpoint,
    organisation: profile.organisation,
    project: profile.project,
    auth,
    userAgent: deps.userAgent,
    caBundle: ca,
    timeouts: deps.timeouts,
    retry: deps.retry,
    proxyEnv: deps.proxyEnv,
    dispatcher: deps.dispatcher,
    logger: deps.logger ?? silentLogger,
    ...(deps.wire ? { wire: deps.wire } : {})
  })
  if (!close) return client
  const closeClient = client.close.bind(client)
  client.close = async () => {
    await closeClient()
    await close()
  }
  return client
}

/** Calls /v1/kms/summary and reports feature status and regions, or the exact failure. */
export async function testConnection(profile: Profile, deps: ConnectionDeps): Promise<TestConnectionResult> {
  const started = performance.now()
  let client: KmsClient | undefined
  try {
    // A short retry budget: the user is waiting on this button.
    client = await clientForProfile(profile, {
      ...deps,
      retry: { ...deps.retry, maxAttempts: Math.min(deps.retry?.maxAttempts ?? 3, 3) }
    })
    const s = await client.summary()
    return {
      ok: true,
      featureEnabled: s.featureEnabled,
      latencyMs: Math.round(performance.now() - started),
      regions: s.regions.map((r) => ({ slug: r.slug, name: r.name, kmsAvailable: r.kmsAvailable }))
    }
  } catch (e) {
    return { ok: false, error: toAppError(e) }
  } finally {
    await client?.close()
  }
}
