import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ChannelName, ChannelRequest, ChannelResponse } from '@contract/channels'
import type { EventName, EventPayload } from '@contract/events'
import type { JobView } from '@contract/schemas/files'
import type { KmsKey } from '@contract/schemas/kms'
import type { KeyType } from '@contract/key-matrix'
import { createDispatcher } from '../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../src-main/ipc/register'
import { spkiFingerprint } from '../../../../src-main/services/shared/fingerprint'
import { createCore, type Core } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { closeSharedPool } from '../../../../src-main/services/files'
import { headlessPlatform } from '../../../../src-main/services/platform'
import { SettingsStore } from '../../../../src-main/services/settings/settings-store'
import { parsePublicKey } from '../../../../src-main/services/signing/public-key'
import { tempDir } from '../services/file-helpers'

let t: Awaited<ReturnType<typeof tempDir>>
let core: Core
let dispatch: ReturnType<typeof createDispatcher>
const saves: string[] = []
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
async function raw(channel: string, payload: unknown) {
  return dispatch(channel, sender, payload, ctx)
}
async function run(payload: ChannelRequest<'files:start'>): Promise<JobView> {
  const [s] = await call('files:start', payload)
  await vi.waitFor(() => expect(done.some((d) => d.jobId === s?.jobId)).toBe(true), { timeout: 20_000, interval: 10 })
  return done.find((d) => d.jobId === s?.jobId) as JobView
}
async function drop(path: string): Promise<{ handle: string }> {
  const handle = (await call('files:drop', { paths: [path] })).entries[0]?.handle
  if (!handle) throw new Error(`drop of ${path} refused`)
  return { handle }
}
const ref = (k: KmsKey) => ({ region: 'nl-01', identity: k.identity, slug: k.slug })
async function kmsFingerprint(id: string, version: number): Promise<string> {
  const pem =
    (await call('keys:public-key', { region: 'nl-01', id, version })).find((v) => v.version === version)?.pem ?? ''
  return spkiFingerprint(parsePublicKey(pem))
}

let aes: KmsKey
let rsa: KmsKey
let signer: KmsKey

beforeAll(async () => {
  t = await tempDir()
  const platform = { ...headlessPlatform(), chooseSavePath: async () => saves.shift() }
  core = await createCore({
    dataDir: join(t.dir, 'appdata'),
    appName: 'test',
    appVersion: '0',
    platform,
    secretBackend: memoryBackend(),
    env: {},
    home: t.dir
  })
  dispatch = createDispatcher(createHandlers(core), { isTrustedOrigin: () => true })
  aes = await call('keys:create', { region: 'nl-01', key: { name: 'payments', keyType: 'aes256-gcm96' } })
  rsa = await call('keys:create', { region: 'nl-01', key: { name: 'dr-escrow', keyType: 'rsa-2048' } })
  signer = await call('keys:create', { region: 'nl-01', key: { name: 'release-signer', keyType: 'ecdsa-p256' } })
})
afterAll(async () => {
  await core.close()
  await closeSharedPool()
  await t.cleanup()
})

describe('saved recipient sets', () => {
  it('saves, lists, replaces by name regardless of case, and keeps them in the settings file', async () => {
    expect(await call('recipients:list-sets')).toEqual([])
    await call('recipients:save-set', { name: 'payments + DR escrow', recipients: [ref(aes), ref(rsa), ref(aes)] })
    const sets = await call('recipients:save-set', { name: 'escrow only', recipients: [ref(rsa)] })
    expect(sets.map((s) => s.name)).toEqual(['escrow only', 'payments + DR escrow'])
    expect(sets[1]?.recipients).toHaveLength(2)
    const replaced = await call('recipients:save-set', { name: 'ESCROW ONLY', recipients: [ref(rsa), ref(aes)] })
    expect(replaced.map((s) => [s.name, s.recipients.length])).toEqual([
      ['ESCROW ONLY', 2],
      ['payments + DR escrow', 2]
    ])
    const onDisk = new SettingsStore(join(core.dataDir, 'settings.json'))
    expect((await onDisk.load()).recipientSets.map((s) => s.name)).toEqual(['ESCROW ONLY', 'payments + DR escrow'])
    expect((await call('recipients:delete-set', { name: 'escrow only' })).map((s) => s.name)).toEqual([
      'payments + DR escrow'
    ])
  })

  it('refuses a set without keys or name, an unknown set, and settings:set cannot replace them', async () => {
    expect(await raw('recipients:save-set', { name: 'empty', recipients: [] })).toMatchObject({
      ok: false,
      error: { code: 'ipc_invalid_request' }
    })
    expect(await raw('recipients:save-set', { name: '   ', recipients: [ref(aes)] })).toMatchObject({
      ok: false,
      error: { code: 'ipc_invalid_request' }
    })
    await expect(call('recipients:delete-set', { name: 'never saved' })).rejects.toMatchObject({
      appError: { code: 'bad_input', message: expect.stringContaining('never saved') }
    })
    await raw('settings:set', { recipientSets: [] })
    expect((await call('recipients:list-sets')).map((s) => s.name)).toEqual(['payments + DR escrow'])
  })
})

describe('results and verification reports', () => {
  it('names the keys that open each encrypted file', async () => {
    const input = join(t.dir, 'ledger.csv')
    await writeFile(input, 'a,b\n')
    const job = await run({ operation: 'encrypt', items: [await drop(input)], recipients: [ref(aes), ref(rsa)] })
    expect(job).toMatchObject({ state: 'ok', recipients: ['nl-01/payments', 'nl-01/dr-escrow'] })
  })

  it('reports signer, version, signing time, hash, digest, key state and fingerprint of a verified file', async () => {
    const input = join(t.dir, 'release.tar')
    await writeFile(input, 'release bytes')
    await run({
      operation: 'sign',
      items: [await drop(input)],
      key: { ...ref(signer), keyType: signer.keyType as KeyType },
      hash: 'sha384'
    })
    const sig = JSON.parse(await readFile(`${input}.sig.json`, 'utf8')) as { createdAt: string }
    const job = await run({ operation: 'verify', items: [await drop(input)] })
    expect(job.report).toMatchObject({
      kind: 'signature',
      subject: 'file',
      valid: true,
      signedAt: sig.createdAt,
      hash: 'sha384',
      digest: createHash('sha384').update('release bytes').digest('hex'),
      signer: { name: 'release-signer', region: 'nl-01', version: '1', state: 'active', keyType: 'ecdsa-p256' },
      publicKeyFingerprint: await kmsFingerprint(signer.identity, 1)
    })
    await call('keys:disable', { region: 'nl-01', id: signer.identity })
    const later = await run({ operation: 'verify', items: [await drop(input)] })
    await call('keys:enable', { region: 'nl-01', id: signer.identity })
    expect(later.report?.signer.state).toBe('disabled')
  })

  it('reports a changed file as not valid, with the reason', async () => {
    const input = join(t.dir, 'release.tar')
    await writeFile(input, 'release bytes, edited')
    const job = await run({ operation: 'verify', items: [await drop(input)] })
    expect(job).toMatchObject({
      valid: false,
      report: { valid: false, reason: expect.stringContaining('does not match the signed digest') }
    })
  })

  it('reports the signer of a text signature, with no signing time, and exports the report as JSON', async () => {
    const s = await call('crypto:sign', { region: 'nl-01', id: signer.identity, input: 'hello', encoding: 'utf8' })
    const v = await call('crypto:verify', {
      region: 'nl-01',
      id: signer.identity,
      input: 'hello',
      encoding: 'utf8',
      signature: s.value
    })
    expect(v.report).toMatchObject({
      subject: 'text',
      valid: true,
      signer: { name: 'release-signer', version: '1', state: 'active' },
      publicKeyFingerprint: await kmsFingerprint(signer.identity, 1)
    })
    expect(v.report?.signedAt).toBeUndefined()
    const bad = await call('crypto:verify', {
      region: 'nl-01',
      id: signer.identity,
      input: 'hello!',
      encoding: 'utf8',
      signature: s.value
    })
    expect(bad.report).toMatchObject({ valid: false, reason: expect.stringContaining('does not match') })

    const target = join(t.dir, 'report.json')
    saves.push(target)
    expect(await call('reports:export-verification', v.report!)).toEqual({ cancelled: false, path: target })
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual(v.report)
    expect(await call('reports:export-verification', v.report!)).toEqual({ cancelled: true })
  })

  it('refuses to export something that is not a verification report', async () => {
    expect(await raw('reports:export-verification', { format: 'something-else', valid: true })).toMatchObject({
      ok: false,
      error: { code: 'ipc_invalid_request' }
    })
  })
})
