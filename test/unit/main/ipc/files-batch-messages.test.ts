import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import type { KmsKey } from '@contract/schemas/kms'
import type { JobUpdates } from '@contract/schemas/job-updates'
import { openIpc, type IpcHarness } from '../../../security/ipc-harness'

const N = 1000
const TAKEN = [3, 250, 251, 500, 777, 998, 999]
const name = (i: number) => `f${String(i).padStart(4, '0')}.txt`

let h: IpcHarness
let key: KmsKey
/** Where the outputs land: the output folder keeps the dropped folder's name. */
let outputs: string

beforeEach(async () => {
  // Egress checked as in dev: every message must fit the contract.
  h = await openIpc({ checkEgress: true })
  key = await h.ok<KmsKey>('keys:create', { region: 'nl-01', key: { name: 'batch', keyType: 'aes256-gcm96' } })
  const folder = join(h.dir, 'many')
  outputs = join(h.dir, 'out', 'many')
  await mkdir(folder)
  await mkdir(outputs, { recursive: true })
  const body = Buffer.alloc(1024, 'x')
  for (let i = 0; i < N; i++) await writeFile(join(folder, name(i)), body)
  // Outputs that already exist: those files fail ("exists"), the others go on.
  for (const i of TAKEN) await writeFile(join(outputs, `${name(i)}.tkms`), 'keep me')
  h.dialogs.open.push([join(h.dir, 'out')])
})
afterEach(() => h.close())

async function start(): Promise<{ started: JobView[]; t0: number }> {
  const dropped = await h.ok<{ entries: { handle: string }[] }>('files:drop', { paths: [join(h.dir, 'many')] })
  const out = await h.ok<{ entries: { handle: string }[] }>('files:pick', { kind: 'output-folder' })
  const t0 = performance.now()
  const started = await h.ok<JobView[]>('files:start', {
    operation: 'encrypt',
    items: dropped.entries.map((e) => ({ handle: e.handle })),
    recipients: [{ region: 'nl-01', identity: key.identity, slug: key.slug }],
    outputDir: out.entries[0]?.handle
  })
  return { started, t0 }
}

const messages = () => h.events.filter((e) => e.event === 'job:updates').map((e) => e.payload as JobUpdates)

async function finished(files: number): Promise<number> {
  await vi.waitFor(
    () => {
      const t = messages().at(-1)?.totals
      expect((t?.ok ?? 0) + (t?.failed ?? 0) + (t?.cancelled ?? 0)).toBe(files)
    },
    { timeout: 120_000, interval: 20 }
  )
  return performance.now()
}

describe('a batch of 1,000 files through the app’s handlers', () => {
  it('sends a bounded number of messages, each final view once, and exact totals', async () => {
    const { started, t0 } = await start()
    expect(started).toHaveLength(N)
    const elapsed = (await finished(N)) - t0
    const ms = messages()
    // At most one per 100 ms, one sooner per failure, and the first and last at once.
    expect(ms.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + TAKEN.length + 2)
    expect(new Set(ms.map((m) => m.batchId)).size).toBe(1)
    const done = ms.flatMap((m) => m.done)
    expect(done).toHaveLength(N)
    expect(new Set(done.map((v) => v.jobId))).toEqual(new Set(started.map((s) => s.jobId)))
    // No progress of a job after its final view.
    const finishedAt = new Map<string, number>()
    ms.forEach((m, i) => m.done.forEach((v) => finishedAt.set(v.jobId, i)))
    ms.forEach((m, i) => m.progress.forEach((p) => expect(i).toBeLessThan(finishedAt.get(p.jobId) ?? Infinity)))
    const failed = done.filter((v) => v.state === 'error')
    expect(failed.map((v) => v.name).sort()).toEqual(TAKEN.map(name))
    expect(failed.every((v) => v.error?.code === 'exists')).toBe(true)
    expect(ms.at(-1)?.totals).toEqual({
      files: N,
      ok: N - TAKEN.length,
      failed: TAKEN.length,
      cancelled: 0,
      bytesDone: (N - TAKEN.length) * 1024,
      bytesTotal: N * 1024
    })
    expect(h.egress).toEqual([])
    // Nothing lost on the way to disk either: every output, every activity line, every index entry.
    const names = await readdir(outputs)
    expect(names.filter((n) => n.endsWith('.tkms'))).toHaveLength(N)
    expect(names.filter((n) => !n.endsWith('.tkms'))).toEqual([])
    expect(await readFile(join(outputs, `${name(TAKEN[0] ?? 0)}.tkms`), 'utf8')).toBe('keep me')
    const log = await h.ok<{ entries: { outcome: string }[] }>('activity:list', { operation: 'files:encrypt' })
    expect(log.entries.filter((e) => e.outcome === 'ok')).toHaveLength(N - TAKEN.length)
    expect(log.entries.filter((e) => e.outcome === 'error')).toHaveLength(TAKEN.length)
    await h.core.localIndex.flush()
    expect(h.core.localIndex.countUsingKey('nl-01', key.identity)).toBe(N - TAKEN.length)
  })

  it('cancels a running batch: every file reported once, nothing partial at a target', async () => {
    const { started } = await start()
    await vi.waitFor(() => expect(messages().length).toBeGreaterThan(0), { timeout: 30_000, interval: 5 })
    await h.ok('files:cancel-all')
    await finished(N)
    const done = messages().flatMap((m) => m.done)
    expect(new Set(done.map((v) => v.jobId)).size).toBe(N)
    expect(done).toHaveLength(N)
    const t = messages().at(-1)?.totals
    expect(t?.cancelled).toBeGreaterThan(0)
    expect((t?.ok ?? 0) + (t?.failed ?? 0) + (t?.cancelled ?? 0)).toBe(started.length)
    const names = await readdir(outputs)
    // Only whole outputs: the files reported ok plus the ones that were there before; no temp files.
    expect(names.filter((n) => n.includes('tkms-tmp'))).toEqual([])
    expect(names).toHaveLength((t?.ok ?? 0) + TAKEN.length)
  })
})
