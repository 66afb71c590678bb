import { access, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, createLeanCore } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { headlessPlatform } from '../../../../src-main/services/platform'
import { tempDir } from './helpers'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})
const opts = async () => {
  const dir = await tempDir()
  dirs.push(dir)
  return {
    dataDir: dir,
    appName: 'Thalassa KMS Desktop',
    appVersion: '0.0.0',
    platform: headlessPlatform(),
    secretBackend: memoryBackend(),
    env: {},
    home: dir
  }
}

describe('createCore / createLeanCore', () => {
  it('the app core always starts the embedded sandbox and points the Local sandbox profile at it', async () => {
    const core = await createCore(await opts())
    try {
      expect(core.store.active().endpoint).toBe(core.sandbox.url)
      expect(core.info().sandboxUrl).toBe(core.sandbox.url)
      expect((await (await core.workspace.client()).summary()).featureEnabled).toBe(true)
    } finally {
      await core.close()
    }
  })

  it('the lean core starts no sandbox unless the Local sandbox is used for KMS calls', async () => {
    const o = await opts()
    const offline = await createLeanCore({ ...o, needsKms: false })
    expect(offline.sandbox).toBeUndefined()
    expect(offline.info().sandboxUrl).toBeUndefined()
    await offline.close()
    await expect(access(join(o.dataDir, 'sandbox'))).rejects.toThrow()
    const online = await createLeanCore({ ...o, needsKms: true })
    try {
      expect(online.sandbox?.url).toBe(online.store.active().endpoint)
    } finally {
      await online.close()
    }
  })

  it('pins a profile by name for this process only and refuses unknown names', async () => {
    const o = await opts()
    const core = await createLeanCore({ ...o, needsKms: false })
    const p = await core.profiles.create({ name: 'Prod', organisation: 'acme', auth: { kind: 'pat' } }, 'tc_pat_x')
    await core.close()
    const pinned = await createLeanCore({ ...o, needsKms: true, profile: 'prod' })
    try {
      expect(pinned.sandbox).toBeUndefined() // a cloud profile: no sandbox needed
      expect(pinned.store.active().id).toBe(p.id)
      expect(JSON.parse(await readFile(join(o.dataDir, 'profiles.json'), 'utf8'))).not.toHaveProperty('activeProfileId')
    } finally {
      await pinned.close()
    }
    await expect(createLeanCore({ ...o, needsKms: false, profile: 'nope' })).rejects.toMatchObject({
      code: 'profile_not_found'
    })
  })
})
