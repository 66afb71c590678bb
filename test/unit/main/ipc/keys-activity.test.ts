import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KmsKey } from '@contract/schemas/kms'
import { createDispatcher } from '../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../src-main/ipc/register'
import { createCore, type Core } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { headlessPlatform } from '../../../../src-main/services/platform'

let dir: string
let core: Core
let dispatch: ReturnType<typeof createDispatcher>
const sender = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const ctx = { emit: () => undefined }

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(channel, sender, payload, ctx)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
  return r.value as T
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-keys-activity-'))
  core = await createCore({
    dataDir: join(dir, 'data'),
    appName: 't',
    appVersion: '0',
    platform: headlessPlatform(),
    secretBackend: memoryBackend(),
    env: {},
    home: dir
  })
  dispatch = createDispatcher(createHandlers(core), { isTrustedOrigin: () => true })
})
afterAll(async () => {
  await core.close()
  await rm(dir, { recursive: true, force: true })
})

describe('key operations in the activity log', () => {
  it('names the key (name and identity) although the request only carried its identity', async () => {
    const key = await call<KmsKey>('keys:create', {
      region: 'nl-01',
      key: { name: 'Payments', keyType: 'aes256-gcm96' }
    })
    await call('keys:rotate', { region: 'nl-01', id: key.identity })
    await call('keys:disable', { region: 'nl-01', id: key.identity })
    const { entries } = await core.activity.list()
    expect(entries.map((e) => [e.operation, e.key])).toEqual([
      ['keys:disable', `Payments (${key.identity})`],
      ['keys:rotate', `Payments (${key.identity})`],
      ['keys:create', `Payments (${key.identity})`]
    ])
  })

  it('records a failed operation under the id it was asked for', async () => {
    await expect(call('keys:rotate', { region: 'nl-01', id: 'kms-doesnotexist00000000' })).rejects.toMatchObject({
      appError: { code: 'not_found_or_no_access' }
    })
    const { entries } = await core.activity.list({ outcome: 'error' })
    expect(entries[0]).toMatchObject({
      operation: 'keys:rotate',
      key: 'kms-doesnotexist00000000',
      errorCode: 'not_found_or_no_access'
    })
  })
})

describe('the Settings switch of the wire log', () => {
  it('off by default; on, each KMS call lands redacted in logs/wire.log of the data folder', async () => {
    const file = join(dir, 'data', 'logs', 'wire.log')
    await call('keys:list', { region: 'nl-01' })
    expect(existsSync(file)).toBe(false)
    expect((await call<{ wireLog: boolean }>('settings:set', { wireLog: true })).wireLog).toBe(true)
    const key = await call<KmsKey>('keys:create', { region: 'nl-01', key: { name: 'Logged', keyType: 'aes256-gcm96' } })
    await call('crypto:encrypt', { region: 'nl-01', id: key.identity, plaintext: 'wire secret', encoding: 'utf8' })
    await call('settings:set', { wireLog: false })
    await call('keys:list', { region: 'nl-01' })
    const log = readFileSync(file, 'utf8')
    expect(log).toContain(`/v1/kms/nl-01/keys/${key.identity}/encrypt`)
    expect(log).toContain('authorization: Token [REDACTED]')
    expect(log).not.toContain(Buffer.from('wire secret').toString('base64'))
    expect(log).not.toContain('tc_pat_sandbox_admin')
    expect(log.match(/^> GET .*\/keys$/gm)).toBeNull()
  })
})
