import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KmsKey } from '@contract/schemas/kms'
import type { KeyUsage, PostureView } from '@contract/schemas/posture'
import { createDispatcher } from '../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../src-main/ipc/register'
import { createCore, type Core } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { headlessPlatform, type HeadlessAnswers } from '../../../../src-main/services/platform'
import { REPORT_COLUMNS } from '../../../../src-main/services/posture'

let dir: string
let core: Core
let dispatch: ReturnType<typeof createDispatcher>
const answers: HeadlessAnswers = { save: [], open: [] }
const sender = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const ctx = { emit: () => undefined }

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(channel, sender, payload, ctx)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
  return r.value as T
}

let doomed: KmsKey
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-posture-ipc-'))
  core = await createCore({
    dataDir: join(dir, 'data'),
    appName: 't',
    appVersion: '0',
    platform: headlessPlatform(answers),
    secretBackend: memoryBackend(),
    env: {},
    home: dir
  })
  dispatch = createDispatcher(createHandlers(core), { isTrustedOrigin: () => true })
  await call('keys:create', {
    region: 'nl-01',
    key: {
      name: 'tidy',
      keyType: 'aes256-gcm96',
      labels: { owner: 'a', env: 'b' },
      keyRotationEnabled: true,
      rotationPeriodInDays: 90
    }
  })
  doomed = await call<KmsKey>('keys:create', {
    region: 'nl-01',
    key: {
      name: 'doomed',
      keyType: 'aes256-gcm96',
      labels: { owner: 'a', env: 'b' },
      keyRotationEnabled: true,
      rotationPeriodInDays: 90
    }
  })
  await call('keys:schedule-deletion', { region: 'nl-01', id: doomed.identity, confirmName: 'doomed' })
}, 60_000)
afterAll(async () => {
  await core.close()
  await rm(dir, { recursive: true, force: true })
})

describe('posture over IPC', () => {
  it('the queue warns loudly about a pending deletion that local files still use', async () => {
    const quiet = await call<PostureView>('posture:overview', {})
    expect(quiet.findings).toEqual([
      expect.objectContaining({ rule: 'pending-deletion', keyIdentity: doomed.identity, loud: false, daysLeft: 30 })
    ])
    expect(quiet.regions.some((r) => r.region === 'nl-01' && r.kmsAvailable)).toBe(true)
    await core.localIndex.record({
      path: join(dir, 'a.tkms'),
      size: 100,
      mtimeMs: 1,
      recipients: [{ region: 'nl-01', identity: doomed.identity, slug: doomed.slug }]
    })
    const loud = await call<PostureView>('posture:overview', {})
    expect(loud.findings[0]).toMatchObject({
      rule: 'pending-deletion',
      severity: 'critical',
      loud: true,
      localFiles: 1
    })
    expect(await call<KeyUsage>('index:key-usage', { region: 'nl-01', identity: doomed.identity })).toMatchObject({
      count: 1,
      files: [{ path: join(dir, 'a.tkms'), size: 100 }]
    })
  })

  it('exports the report where the save dialog says; cancelling writes nothing', async () => {
    const out = join(dir, 'inv.csv')
    answers.save?.push(out)
    expect(await call('posture:export-report', { format: 'csv' })).toEqual({ cancelled: false, path: out })
    const lines = (await readFile(out, 'utf8')).split('\r\n')
    expect(lines[0]).toBe(REPORT_COLUMNS.join(','))
    expect(lines.filter(Boolean)).toHaveLength(3)
    expect(await call('posture:export-report', { format: 'html' })).toEqual({ cancelled: true })
  })

  it('adds a watched folder chosen in the dialog; refuses bad requests', async () => {
    await mkdir(join(dir, 'watched'))
    answers.open?.push([join(dir, 'watched')])
    expect(await call('index:add-watch', undefined)).toMatchObject({
      cancelled: false,
      folder: join(dir, 'watched'),
      indexed: 0
    })
    expect(await call('index:add-watch', undefined)).toEqual({ cancelled: true })
    expect((await call<KeyUsage>('index:key-usage', { region: 'nl-01', identity: 'kms-none' })).watched).toEqual([
      join(dir, 'watched')
    ])
    await expect(call('index:key-usage', { region: '', identity: 'x' })).rejects.toMatchObject({
      appError: { code: 'ipc_invalid_request' }
    })
    await expect(call('posture:export-report', { format: 'pdf' })).rejects.toMatchObject({
      appError: { code: 'ipc_invalid_request' }
    })
  })
})
