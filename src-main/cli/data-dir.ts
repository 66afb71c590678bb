import { homedir } from 'node:os'
import { join } from 'node:path'

/** The folder name Electron derives from productName: the CLI shares it with the app. */
const APP_DIR_NAME = 'Thalassa KMS Desktop'

/**
 * The app's data folder by OS convention (what Electron's `userData` resolves to), so profiles,
 * activity and the Local sandbox's state are the same for the app and the CLI.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir()
): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  if (platform === 'win32') return join(env['APPDATA'] || join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), APP_DIR_NAME)
}

/** `--data-dir` wins over `TKMS_DATA_DIR`, which wins over the OS convention. */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir()
): string {
  return flag || env['TKMS_DATA_DIR'] || defaultDataDir(env, process.platform, home)
}
