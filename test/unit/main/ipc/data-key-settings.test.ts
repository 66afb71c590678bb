import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ChannelName, ChannelRequest, ChannelResponse } from '@contract/channels'
import type { EventName, EventPayload } from '@contract/events'
import type { JobView } from '@contract/schemas/files'
import { createDispatcher } from '../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../src-main/ipc/register'
import { createCore, type Core } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { closeSharedPool } from '../../../../src-main/services/files'
import { readParsedHeader } from '../../../../src-main/services/files/encrypted-source'
import { openRegularFile } from '../../../../src-main/services/files/input-file'
import { headlessPlatform } from '../../../../src-main/services/platform'
import { tempDir } from '../services/file-helpers'

let t: Awaited<ReturnType<typeof tempDir>>
let core: Core
let dispatch: ReturnType<typeof createDispatcher>
const done: JobView[] = []
const sender = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const ctx = {
  emit<E extends EventName>(event: E, payload: EventPayload<E>) {
    if (event === 'job:updates') done.push(...(payload as EventPayload<'job:updates'>).done)
  }
}

async function call<K extends ChannelName>(channel: K, payload?: ChannelRequest<K>): Promise<ChannelResponse<K>> {
  const r = await dispatch(channel, sender, payload, ctx)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
  return r.value as ChannelResponse<K>
}

beforeAll(async () => {
  t = await tempDir()
  core = await createCore({
    dataDir: join(t.dir, 'appdata'),
    appName: 'test',
    appVersion: '0',
    platform: headlessPlatform(),
    secretBackend: memoryBackend(),
    env: {},
    home: t.dir
  })
  dispatch = createDispatcher(createHandlers(core), { isTrustedOrigin: () => true })
})
afterAll(async () => {
  await core.close()
  await closeSharedPool()
  await t.cleanup()
})

describe('files per data key, a setting of the app', () => {
  it('defaults to 10,000 files and 60 minutes; a saved limit applies to the next batch', async () => {
    expect(await call('settings:get')).toMatchObject({ dataKeyFiles: 10_000, dataKeyMinutes: 60 })
    expect(await call('settings:set', { dataKeyFiles: 2 })).toMatchObject({ dataKeyFiles: 2, dataKeyMinutes: 60 })
    const key = await call('keys:create', { region: 'nl-01', key: { name: 'batch-setting', keyType: 'aes256-gcm96' } })
    const folder = join(t.dir, 'five')
    await mkdir(folder)
    for (let i = 0; i < 5; i++) await writeFile(join(folder, `f${i}.txt`), `file ${i}`)
    const dropped = await call('files:drop', { paths: [folder] })
    const started = await call('files:start', {
      operation: 'encrypt',
      items: dropped.entries.map((e) => ({ handle: e.handle })),
      recipients: [{ region: 'nl-01', identity: key.identity, slug: key.slug }]
    })
    await vi.waitFor(() => expect(done).toHaveLength(started.length), { timeout: 20_000, interval: 10 })
    expect(done.map((d) => d.state)).toEqual(Array(5).fill('ok'))
    const wrapped = new Set<string>()
    for (const d of done) {
      const f = await openRegularFile(d.output ?? '')
      try {
        wrapped.add((await readParsedHeader(f, d.output ?? '')).fields.recipients[0]?.ciphertext ?? '')
      } finally {
        await f.handle.close()
      }
    }
    // Two files per data key: five files were wrapped under three keys.
    expect(wrapped.size).toBe(3)
  })

  it('refuses a limit outside 1..1,000,000 files or 1..1440 minutes and keeps the saved one', async () => {
    await expect(call('settings:set', { dataKeyFiles: 0 })).rejects.toMatchObject({
      appError: { code: 'ipc_invalid_request' }
    })
    await expect(call('settings:set', { dataKeyMinutes: 2000 })).rejects.toMatchObject({
      appError: { code: 'ipc_invalid_request' }
    })
    expect(await call('settings:get')).toMatchObject({ dataKeyFiles: 2, dataKeyMinutes: 60 })
  })
})
