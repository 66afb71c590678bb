import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ChannelName, ChannelRequest, ChannelResponse } from '@contract/channels'
import type { EventName, EventPayload } from '@contract/events'
import type { JobView } from '@contract/schemas/files'
import type { KmsKey } from '@contract/schemas/kms'
import type { KeyType } from '@contract/key-matrix'
import { createDispatcher } from '../../../../src-main/ipc/dispatch'
import { createHandlers } from '../../../../src-main/ipc/register'
import { createCore, type Core } from '../../../../src-main/services/core'
import { memoryBackend } from '../../../../src-main/services/credentials/store'
import { closeSharedPool } from '../../../../src-main/services/files'
import { headlessPlatform } from '../../../../src-main/services/platform'
import { flipBitFromEnd, tempDir } from '../services/file-helpers'

let t: Awaited<ReturnType<typeof tempDir>>
let core: Core
let dialogs: { open: string[][] }
let shown: string[]
const done: JobView[] = []
const progressed = new Set<string>()
let dispatch: ReturnType<typeof createDispatcher>

const sender = { frameUrl: 'app://kms/index.html', isMainFrame: true }
const ctx = {
  emit<E extends EventName>(event: E, payload: EventPayload<E>) {
    if (event !== 'job:updates') return
    const u = payload as EventPayload<'job:updates'>
    done.push(...u.done)
    for (const p of u.progress) progressed.add(p.jobId)
  }
}

async function call<K extends ChannelName>(channel: K, payload?: ChannelRequest<K>): Promise<ChannelResponse<K>> {
  const r = await dispatch(channel, sender, payload, ctx)
  if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
  return r.value as ChannelResponse<K>
}
async function run(payload: ChannelRequest<'files:start'>): Promise<JobView[]> {
  const started = await call('files:start', payload)
  await vi.waitFor(() => expect(started.filter((s) => !done.some((d) => d.jobId === s.jobId))).toEqual([]), {
    timeout: 20_000,
    interval: 10
  })
  return started.map((s) => done.find((d) => d.jobId === s.jobId) as JobView)
}
const ref = (k: KmsKey, region: string) => ({ region, identity: k.identity, slug: k.slug })

let primary: KmsKey
let escrow: KmsKey
let signer: KmsKey
let mac: KmsKey

beforeAll(async () => {
  t = await tempDir()
  dialogs = { open: [] }
  shown = []
  const platform = { ...headlessPlatform(dialogs), showInFolder: (p: string) => void shown.push(p) }
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
  primary = await call('keys:create', { region: 'nl-01', key: { name: 'files-primary', keyType: 'aes256-gcm96' } })
  escrow = await call('keys:create', { region: 'nl-02', key: { name: 'files-escrow', keyType: 'rsa-2048' } })
  signer = await call('keys:create', { region: 'nl-01', key: { name: 'files-signer', keyType: 'ecdsa-p256' } })
  mac = await call('keys:create', { region: 'nl-01', key: { name: 'files-mac', keyType: 'hmac-sha256' } })
})
afterAll(async () => {
  await core.close()
  await closeSharedPool()
  await t.cleanup()
})

describe('files IPC over the embedded sandbox', () => {
  it('prewarms the workers, encrypts to keys in two regions and decrypts with either', async () => {
    expect((await call('files:prewarm')).workers).toBeGreaterThan(0)
    const input = join(t.dir, 'report.csv')
    await writeFile(input, 'a,b\n1,2\n')
    const [enc] = await run({
      operation: 'encrypt',
      items: [await drop(input)],
      recipients: [ref(primary, 'nl-01'), ref(escrow, 'nl-02')]
    })
    expect(enc).toMatchObject({ state: 'ok', output: `${input}.tkms` })
    expect(progressed.has(enc?.jobId ?? '')).toBe(true)
    await call('keys:disable', { region: 'nl-01', id: primary.identity })
    const [dec] = await run({
      operation: 'decrypt',
      items: [await drop(`${input}.tkms`)],
      outputDir: await outDir('dec1')
    })
    expect(dec).toMatchObject({ state: 'ok', openedWith: 'nl-02/files-escrow' })
    expect(await readFile(dec?.output ?? '', 'utf8')).toBe('a,b\n1,2\n')
    await call('keys:enable', { region: 'nl-01', id: primary.identity })
    const log = await call('activity:list', { operation: 'files:decrypt' })
    expect(log.entries[0]).toMatchObject({
      outcome: 'ok',
      key: 'files-escrow',
      region: 'nl-02',
      detail: 'report.csv.tkms'
    })
  })

  it('reports a disabled recipient (400) and an unknown key (404) per file, with hints', async () => {
    const input = join(t.dir, 'denied.txt')
    await writeFile(input, 'x')
    await call('keys:disable', { region: 'nl-01', id: primary.identity })
    const [disabled] = await run({
      operation: 'encrypt',
      items: [await drop(input)],
      recipients: [ref(primary, 'nl-01')]
    })
    await call('keys:enable', { region: 'nl-01', id: primary.identity })
    expect(disabled).toMatchObject({ state: 'error', error: { code: 'key_not_usable', hint: expect.any(String) } })
    const [unknown] = await run({
      operation: 'encrypt',
      items: [await drop(input)],
      recipients: [{ region: 'nl-01', identity: 'kms-doesnotexist0000', slug: 'ghost' }]
    })
    expect(unknown).toMatchObject({
      state: 'error',
      error: { code: 'not_found_or_no_access', hint: expect.any(String) }
    })
    expect((await readdir(t.dir)).filter((n) => n.startsWith('denied'))).toEqual(['denied.txt'])
  })

  it('names the corrupted chunk and writes nothing', async () => {
    const input = join(t.dir, 'big.bin')
    await writeFile(input, Buffer.alloc(3 << 20, 7))
    await run({ operation: 'encrypt', items: [await drop(input)], recipients: [ref(primary, 'nl-01')] })
    await flipBitFromEnd(`${input}.tkms`, 100)
    const out = join(t.dir, 'dec2')
    const [bad] = await run({
      operation: 'decrypt',
      items: [await drop(`${input}.tkms`)],
      outputDir: await outDir('dec2')
    })
    expect(bad).toMatchObject({
      state: 'error',
      error: { code: 'integrity', message: expect.stringMatching(/chunk 2/) }
    })
    expect(await readdir(out)).toEqual([])
  })

  it('signs and verifies online and offline with a picked public key; HMACs and verifies', async () => {
    const input = join(t.dir, 'contract.pdf')
    await writeFile(input, 'the contract')
    const key = { ...ref(signer, 'nl-01'), keyType: signer.keyType as KeyType }
    const [sig] = await run({ operation: 'sign', items: [await drop(input)], key, hash: 'sha384' })
    expect(sig).toMatchObject({ state: 'ok', output: `${input}.sig.json` })
    const [online] = await run({ operation: 'verify', items: [await drop(`${input}.sig.json`)] })
    expect(online).toMatchObject({ state: 'ok', valid: true })
    const pem = (await call('keys:public-key', { region: 'nl-01', id: signer.identity }))[0]?.pem ?? ''
    await writeFile(join(t.dir, 'signer.pem'), pem)
    dialogs.open.push([join(t.dir, 'signer.pem')])
    const picked = await call('files:pick', { kind: 'public-key' })
    const [offline] = await run({
      operation: 'verify',
      items: [await drop(input)],
      publicKey: picked.entries[0]?.handle ?? ''
    })
    expect(offline).toMatchObject({ state: 'ok', valid: true })
    await writeFile(input, 'the contract, amended')
    const [tampered] = await run({ operation: 'verify', items: [await drop(input)] })
    expect(tampered).toMatchObject({ state: 'ok', valid: false, reason: expect.stringContaining('does not match') })
    const [m] = await run({
      operation: 'hmac',
      items: [await drop(input)],
      key: { ...ref(mac, 'nl-01'), keyType: mac.keyType as KeyType }
    })
    expect(m?.output).toBe(`${input}.hmac.json`)
    const [mv] = await run({ operation: 'verify-hmac', items: [await drop(input)] })
    expect(mv).toMatchObject({ state: 'ok', valid: true })
    const log = await call('activity:list', { operation: 'files:verify' })
    expect(log.entries.map((e) => e.outcome)).toEqual(['error', 'ok', 'ok'])
  })

  it('expands picked folders and refuses the app data folder, dropped, picked or as output folder', async () => {
    dialogs.open.push([core.dataDir])
    const picked = await call('files:pick', { kind: 'folder' })
    expect(picked.entries).toEqual([])
    expect(picked.refused[0]?.error.message).toContain("application's own data folder")
    const dropped = await call('files:drop', { paths: [join(core.dataDir, 'activity.jsonl')] })
    expect(dropped.entries).toEqual([])
    expect(dropped.refused[0]?.error.message).toContain("application's own data folder")
    dialogs.open.push([core.dataDir])
    await expect(call('files:pick', { kind: 'output-folder' })).rejects.toMatchObject({
      appError: { code: 'bad_input' }
    })
    await expect(
      call('files:start', { operation: 'encrypt', items: [await drop(join(t.dir, 'report.csv'))] })
    ).rejects.toMatchObject({ appError: { message: expect.stringContaining('recipient') } })
    dialogs.open.push([])
    expect(await call('files:pick', { kind: 'files' })).toEqual({ cancelled: true, entries: [], refused: [] })
  })

  it('shows only files of its own jobs in their folder, by job', async () => {
    const jobs = await call('files:jobs')
    const job = jobs.find((j) => j.output)
    await expect(call('files:show-in-folder', { jobId: job?.jobId ?? '', which: 'output' })).resolves.toEqual({
      shown: true
    })
    expect(shown).toEqual([job?.output])
    await expect(call('files:show-in-folder', { jobId: 'not-a-job', which: 'output' })).rejects.toMatchObject({
      appError: { code: 'bad_input' }
    })
    expect(shown).toHaveLength(1)
    expect((await call('files:clear-finished')).removed).toBe(jobs.length)
    expect(await call('files:jobs')).toEqual([])
  })
})

/** A drop of one file, as the preload makes it: main answers with the file's handle. */
async function drop(path: string): Promise<{ handle: string }> {
  const r = await call('files:drop', { paths: [path] })
  const handle = r.entries[0]?.handle
  if (!handle) throw new Error(`drop of ${path} refused: ${r.refused[0]?.error.message ?? '?'}`)
  return { handle }
}

/** A new folder picked as the output folder in main's dialog: its handle. */
async function outDir(name: string): Promise<string> {
  const p = join(t.dir, name)
  await mkdir(p)
  dialogs.open.push([p])
  return (await call('files:pick', { kind: 'output-folder' })).entries[0]?.handle ?? ''
}
