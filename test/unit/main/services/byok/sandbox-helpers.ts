import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore, type Core } from '../../../../../src-main/services/core'
import { memoryBackend } from '../../../../../src-main/services/credentials/store'
import { headlessPlatform } from '../../../../../src-main/services/platform'

export interface SandboxCore {
  core: Core
  dir: string
  /** Dialog answers the next save/open dialogs give (pushed by the test). */
  dialogs: { save: string[]; open: string[][] }
  close(): Promise<void>
}

/** A real core (embedded sandbox, Local sandbox profile active) in a temp dir. */
export async function openSandboxCore(): Promise<SandboxCore> {
  const dir = await mkdtemp(join(tmpdir(), 'byok-sandbox-'))
  const dialogs = { save: [] as string[], open: [] as string[][] }
  const core = await createCore({
    dataDir: join(dir, 'data'),
    appName: 'Thalassa KMS Desktop',
    appVersion: '0.0.0-test',
    platform: headlessPlatform(dialogs),
    secretBackend: memoryBackend(),
    env: {},
    home: dir,
    sandbox: { schedulerIntervalMs: 0 }
  })
  return {
    core,
    dir,
    dialogs,
    async close() {
      await core.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export const b64 = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s).toString('base64')
/** `thalassa:v<N>:<base64>` → the bytes. */
export const wireBytes = (s: string) => {
  const m = /^thalassa:v\d+:([A-Za-z0-9+/=]+)$/.exec(s)
  if (!m?.[1]) throw new Error(`not a thalassa wire string: ${s.slice(0, 40)}`)
  return Buffer.from(m[1], 'base64')
}
