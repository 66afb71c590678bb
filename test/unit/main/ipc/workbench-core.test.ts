import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../../../src-main/ipc/register'
import { createCore, type Core } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { headlessPlatform } from '../../../../src-main/services/platform'
import { SANDBOX_CREDENTIALS as C } from '../../../../src-main/sandbox/index'

/** The workbench channels against a real core and its embedded sandbox. */
let dir: string
let core: Core
let h: ReturnType<typeof createHandlers>
const ctx = { emit: () => undefined }

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-workbench-'))
  core = await createCore({
    dataDir: dir,
    appName: 'Thalassa KMS Desktop',
    appVersion: '0.0.0-test',
    platform: headlessPlatform(),
    secretBackend: memoryBackend(),
    env: {},
    home: dir
  })
  h = createHandlers(core)
})
afterAll(async () => {
  await core.close()
  await rm(dir, { recursive: true, force: true })
})

describe('sandbox:seed-samples', () => {
  it('seeds sample keys into the empty Local sandbox once, and refuses a second time', async () => {
    const r = await h['sandbox:seed-samples'](undefined, ctx)
    expect(r.created).toEqual(['payments-api', 'release-signing', 'webhook-hmac', 'backup-escrow'])
    const keys = await (await core.workspace.client()).listKeys(r.region)
    expect(keys).toHaveLength(4)
    await expect(h['sandbox:seed-samples'](undefined, ctx)).rejects.toMatchObject({ code: 'exists' })
    expect(await (await core.workspace.client()).listKeys(r.region)).toHaveLength(4)
  })

  it('never seeds a cloud profile', async () => {
    const p = await core.profiles.create(
      {
        name: 'Cloud',
        endpoint: core.sandbox.url,
        organisation: C.organisation,
        defaultRegion: 'nl-02',
        auth: { kind: 'pat' }
      },
      C.adminPat
    )
    await core.profiles.selectActive(p.id)
    core.workspace.reset()
    await expect(h['sandbox:seed-samples'](undefined, ctx)).rejects.toMatchObject({ code: 'bad_input' })
    expect(await (await core.workspace.client()).listKeys('nl-02')).toHaveLength(0)
  })
})

describe('permissions:get and profile environments', () => {
  it('learns "cannot change keys" from a read-only token\'s masked 404, for that profile and region only', async () => {
    const admin = await core.profiles.create(
      {
        name: 'Admin',
        endpoint: core.sandbox.url,
        organisation: C.organisation,
        defaultRegion: 'nl-01',
        auth: { kind: 'pat' }
      },
      C.adminPat
    )
    await core.profiles.selectActive(admin.id)
    core.workspace.reset()
    const key = await h['keys:create']({ region: 'nl-01', key: { name: 'k1', keyType: 'aes256-gcm96' } }, ctx)
    expect((await h['permissions:get'](undefined, ctx)).change).toBe('allowed')

    const reader = await core.profiles.create(
      {
        name: 'Reader',
        endpoint: core.sandbox.url,
        organisation: C.organisation,
        defaultRegion: 'nl-01',
        auth: { kind: 'pat' },
        environment: 'non-production',
        color: '#123456'
      },
      C.readerPat
    )
    expect(reader).toMatchObject({ environment: 'non-production', color: '#123456' })
    await core.profiles.selectActive(reader.id)
    core.workspace.reset()
    expect((await h['permissions:get'](undefined, ctx)).change).toBe('unknown')
    await expect(h['keys:rotate']({ region: 'nl-01', id: key.identity }, ctx)).rejects.toMatchObject({
      code: 'no_write_access'
    })
    const p = await h['permissions:get'](undefined, ctx)
    expect(p).toMatchObject({ change: 'denied', changeReason: expect.stringMatching(/cannot change keys here/) })
    expect((await h['permissions:get']({ region: 'nl-02' }, ctx)).change).toBe('unknown')
  })

  it('a cloud profile without an environment counts as production; the sandbox is a sandbox; bad colours are refused', async () => {
    const list = await core.profiles.list()
    expect(list.find((p) => p.kind === 'sandbox')?.environment).toBe('sandbox')
    expect(list.find((p) => p.name === 'Admin')?.environment).toBe('production')
    await expect(
      core.profiles.create({
        name: 'Bad',
        endpoint: core.sandbox.url,
        organisation: C.organisation,
        auth: { kind: 'pat' },
        color: 'red'
      })
    ).rejects.toMatchObject({ code: 'bad_input' })
  })
})
