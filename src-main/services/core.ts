import type { AppInfo } from '../../src-preload/contract/schemas/app'
import type { ProfileView } from '../../src-preload/contract/schemas/profiles'
import type { Platform } from './platform'

export interface CoreOptions {
  dataDir: string
  appName: string
  appVersion: string
  platform: Platform
  versions?: Record<string, string>
}

/** The Electron-free application core: built once by the app, the UI test bridge and the CLI. */
export interface Core {
  readonly platform: Platform
  info(): AppInfo
  listProfiles(): Promise<ProfileView[]>
  close(): Promise<void>
}

export async function createCore(o: CoreOptions): Promise<Core> {
  const builtIn: ProfileView = {
    id: 'local-sandbox',
    name: 'Local sandbox',
    endpoint: 'http://127.0.0.1',
    organisation: 'sandbox',
    authKind: 'sandbox',
    builtIn: true,
    hasSecret: false,
    active: true
  }
  return {
    platform: o.platform,
    info: () => ({
      name: o.appName,
      version: o.appVersion,
      platform: process.platform,
      versions: o.versions ?? { node: process.versions.node },
      dataDir: o.dataDir
    }),
    listProfiles: async () => [builtIn],
    close: async () => undefined
  }
}
