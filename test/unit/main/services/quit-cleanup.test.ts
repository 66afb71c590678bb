import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createDispatcher } from '../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../src-main/ipc/register'
import { createCore } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { headlessPlatform } from '../../../../src-main/services/platform'
import type { KmsKey } from '@contract/schemas/kms'
import type { InspectResult, JobView } from '@contract/schemas/files'

let dir: string
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('closing the app core', () => {
  it('cancels running file jobs and leaves neither output nor temp files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'tkms-quit-'))
    const core = await createCore({
      dataDir: join(dir, 'appdata'),
      appName: 't',
      appVersion: '0',
      platform: headlessPlatform(),
      secretBackend: memoryBackend(),
      env: {},
      home: dir
    })
    const dispatch = createDispatcher(createHandlers(core), { isTrustedOrigin: () => true })
    const sender = { frameUrl: 'app://kms/index.html', isMainFrame: true }
    const ctx = { emit: () => undefined }
    const created = await dispatch(
      'keys:create',
      sender,
      { region: 'nl-01', key: { name: 'quit-key', keyType: 'aes256-gcm96' } },
      ctx
    )
    if (!created.ok) throw new Error(created.error.message)
    const key = created.value as KmsKey
    const work = join(dir, 'work')
    await mkdir(work)
    await writeFile(join(work, 'big.bin'), randomBytes(8 * 1024 * 1024))
    // A slow KMS keeps the job running while the app quits.
    core.sandbox.setFaults({ latencyMs: 1500 })
    const dropped = await dispatch('files:drop', sender, { paths: [join(work, 'big.bin')] }, ctx)
    const handle = dropped.ok ? (dropped.value as InspectResult).entries[0]?.handle : undefined
    const started = await dispatch(
      'files:start',
      sender,
      {
        operation: 'encrypt',
        items: [{ handle }],
        recipients: [{ region: 'nl-01', identity: key.identity, slug: key.slug }]
      },
      ctx
    )
    expect(started.ok).toBe(true)
    // The job's first KMS call has reached the (slow) sandbox: the job is mid-flight when the app quits.
    await vi.waitFor(() => expect(Object.keys(core.sandbox.requests())).not.toEqual([]), {
      timeout: 20_000,
      interval: 10
    })
    await core.close()
    // close() returned only after the job was cancelled and had cleaned up.
    const jobs = await dispatch('files:jobs', sender, undefined, ctx)
    expect(jobs.ok && (jobs.value as JobView[]).map((j) => j.state)).toEqual(['cancelled'])
    expect((await readdir(work)).sort()).toEqual(['big.bin'])
  }, 30_000)
})
