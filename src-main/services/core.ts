import { appendFileSync, mkdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { AppInfo } from '@contract/schemas/app'
import type { Profile } from '@contract/schemas/profiles'
import type { SandboxHandle, SandboxOptions } from '../sandbox'
import { ActivityLog } from './audit/activity-log'
import { bindingOf } from './credentials/binding'
import { CredentialStore, keyringBackend, withEphemeralSecret, type SecretBackend } from './credentials/store'
import { AutoRescan, INDEX_FILE_NAME, LocalIndex } from './index/index'
import type { WireObserver } from './kms/http'
import { createLogger, type Logger } from './log/logger'
import { rotatingFile } from './log/rotating-file'
import { wireLog } from './log/wire-log'
import type { Platform } from './platform'
import type { ConnectionDeps } from './profiles/connection'
import { ProfileService } from './profiles/service'
import { ProfileStore, type LoadReport } from './profiles/store'
import { ClipboardGuard } from './settings/clipboard-guard'
import { SettingsStore } from './settings/settings-store'
import { Workspace } from './active-scope'

export interface CoreOptions {
  dataDir: string
  appName: string
  appVersion: string
  platform: Platform
  versions?: Record<string, string>
  /** Environment for proxies and THALASSA_* import; defaults to process.env. */
  env?: NodeJS.ProcessEnv
  home?: string
  /** Keychain backend; tests pass an in-memory one, the app the OS keychain. */
  secretBackend?: SecretBackend
  /** Options for the embedded sandbox (port, clock); it always stores its state under dataDir/sandbox. */
  sandbox?: Omit<SandboxOptions, 'dataDir'>
  logger?: Logger
  /** Where the wire log goes (CLI `--debug-http`: stderr); default: logs/wire.log when Settings turn it on. */
  wire?: WireObserver
}

export interface LeanCoreOptions extends CoreOptions {
  /** Use this profile (id or name) for this process only; the saved active profile is unchanged. */
  profile?: string
  /** Start the embedded sandbox only when the profile in use is the Local sandbox (and `needsKms`). */
  needsKms: boolean
  /**
   * A profile and secret for this process only (from THALASSA_* variables), never saved; it is the
   * one in use when no `profile` is pinned and no Thalassa Cloud profile is saved.
   */
  ephemeral?: { profile: Profile; secret: string }
}

/** The Electron-free application core: built once by the app, the UI test bridge and the CLI. */
export interface Core extends CoreBase {
  readonly sandbox: SandboxHandle
}

/** The core without the always-on sandbox (the CLI starts it only when it will talk to it). */
export interface LeanCore extends CoreBase {
  readonly sandbox: SandboxHandle | undefined
}

interface CoreBase {
  readonly platform: Platform
  readonly dataDir: string
  readonly env: NodeJS.ProcessEnv
  readonly home: string
  readonly logger: Logger
  readonly store: ProfileStore
  readonly profileLoad: LoadReport
  readonly profiles: ProfileService
  readonly workspace: Workspace
  readonly activity: ActivityLog
  readonly settings: SettingsStore
  readonly clipboard: ClipboardGuard
  /** Local `.tkms` files and the keys their headers name ("what uses this key"). */
  readonly localIndex: LocalIndex
  /** Rescans the watched folders at start, on changes and periodically, once started (the app does; the CLI does not). */
  readonly indexRescan: AutoRescan
  info(): AppInfo
  /** Registers cleanup (cancel running jobs, remove temp files) that runs first in close(). */
  onClose(cleanup: () => Promise<void>): void
  close(): Promise<void>
}

/** The wire log's file under `<data folder>/logs` (rotated at 5 MiB, three old files kept). */
const WIRE_LOG_FILE = 'wire.log'

function fileLogger(dataDir: string): Logger {
  const dir = join(dataDir, 'logs')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = join(dir, 'main.log')
  return createLogger({ sink: (line) => appendFileSync(file, line + '\n', { mode: 0o600 }) })
}

export async function createCore(o: CoreOptions): Promise<Core> {
  return assemble(o, undefined, () => startEmbedded(o))
}

/** For the CLI: the same core, with the embedded sandbox started only when it is needed. */
export async function createLeanCore(o: LeanCoreOptions): Promise<LeanCore> {
  const e = o.ephemeral
  const opts = e
    ? {
        ...o,
        secretBackend: withEphemeralSecret(
          o.secretBackend ?? keyringBackend(),
          e.profile.id,
          e.secret,
          bindingOf(e.profile)
        )
      }
    : o
  return assemble(
    opts,
    o.profile,
    async (active) => (o.needsKms && active.kind === 'sandbox' ? startEmbedded(o) : undefined),
    e?.profile
  )
}

// Loaded only when started, so a CLI command against a remote or separate KMS never evaluates it.
async function startEmbedded(o: CoreOptions): Promise<SandboxHandle> {
  const { startSandbox } = await import('../sandbox')
  return startSandbox({ dataDir: join(o.dataDir, 'sandbox'), host: '127.0.0.1', port: 0, ...o.sandbox })
}

async function assemble<S extends SandboxHandle | undefined>(
  o: CoreOptions,
  pin: string | undefined,
  start: (active: Profile) => Promise<S>,
  ephemeral?: Profile
): Promise<CoreBase & { readonly sandbox: S }> {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 })
  const env = o.env ?? process.env
  const logger = o.logger ?? fileLogger(o.dataDir)
  const store = new ProfileStore({ file: join(o.dataDir, 'profiles.json') })
  const profileLoad = await store.load()
  if (profileLoad.status === 'recovered' || profileLoad.status === 'read-only')
    logger.warn('profiles file problem', { status: profileLoad.status, code: profileLoad.error.code })
  if (ephemeral) store.useEphemeral(ephemeral)
  if (pin !== undefined) store.pin(pin)
  else if (ephemeral && !store.hasSaved()) store.pin(ephemeral.id)
  const sandbox = await start(store.active())
  if (sandbox) store.setSandboxEndpoint(sandbox.url)
  const credentials = new CredentialStore({ backend: o.secretBackend, logger })
  const settings = new SettingsStore(join(o.dataDir, 'settings.json'))
  await settings.load()
  // The Settings switch is read per request: turning it on or off applies to open connections too.
  const wire = o.wire ?? wireLog(rotatingFile(join(o.dataDir, 'logs', WIRE_LOG_FILE)), () => settings.get().wireLog)
  const deps: ConnectionDeps = {
    credentials,
    proxyEnv: env,
    userAgent: `ThalassaKMSDesktop/${o.appVersion} (${process.platform})`,
    logger,
    wire
  }
  const profiles = new ProfileService({ store, ...deps })
  const activity = new ActivityLog(join(o.dataDir, 'activity.jsonl'))
  const workspace = new Workspace({ store, profiles, deps, activity })
  const clipboard = new ClipboardGuard(o.platform, () => settings.get().clipboardClearSeconds)
  const localIndex = new LocalIndex({ file: join(o.dataDir, INDEX_FILE_NAME) })
  await localIndex.load()
  const indexRescan = new AutoRescan({
    index: localIndex,
    everyMinutes: () => settings.get().posture.watchRescanMinutes,
    onRescan: (rs) =>
      logger.info('watched folders rescanned', {
        folders: rs.length,
        indexed: rs.reduce((n, r) => n + ('indexed' in r ? r.indexed : 0), 0),
        unreadable: rs.filter((r) => 'error' in r).length
      })
  })
  const cleanups: (() => Promise<void>)[] = []

  return {
    platform: o.platform,
    dataDir: o.dataDir,
    env,
    home: o.home ?? homedir(),
    logger,
    sandbox,
    store,
    profileLoad,
    profiles,
    workspace,
    activity,
    settings,
    clipboard,
    localIndex,
    indexRescan,
    info: () => ({
      name: o.appName,
      version: o.appVersion,
      platform: process.platform,
      versions: o.versions ?? { node: process.versions.node },
      dataDir: o.dataDir,
      ...(sandbox ? { sandboxUrl: sandbox.url } : {})
    }),
    onClose: (cleanup) => void cleanups.push(cleanup),
    async close() {
      await Promise.allSettled(cleanups.map((c) => c()))
      indexRescan.stop()
      await clipboard.close().catch(() => undefined)
      await workspace.close()
      await profiles.close()
      await sandbox?.close()
    }
  }
}
