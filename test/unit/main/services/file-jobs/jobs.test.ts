import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobProgress } from '@contract/schemas/job-updates'
import type { JobView } from '@contract/schemas/files'
import {
  closeSharedPool,
  readHeader,
  type DataKeyWrapper,
  type RecipientRef
} from '../../../../../src-main/services/files'
import { PathValidator } from '../../../../../src-main/services/files/input-paths'
import type { JobRequest } from '../../../../../src-main/services/file-jobs/job-runners'
import {
  FileJobs,
  jobError,
  SMALL_FILE_BYTES,
  SMALL_FILES_PER_SLOT,
  type ActivityRecord
} from '../../../../../src-main/services/file-jobs/jobs'
import type { SigningKms } from '../../../../../src-main/services/signing'
import { KEY_A, KEY_B, kmsWith, listDir, pattern, tempDir } from '../file-helpers'
import type { FakeKms } from '../fake-file-kms'

/** A wrapper that holds every wrap until released, and honours cancellation while waiting. */
class Gate implements DataKeyWrapper {
  waiting: (() => void)[] = []
  opened = false
  active = 0
  maxActive = 0
  constructor(private readonly inner: FakeKms) {}
  async wrap(r: RecipientRef, key: Uint8Array, signal?: AbortSignal): Promise<string> {
    this.active++
    this.maxActive = Math.max(this.maxActive, this.active)
    try {
      if (!this.opened)
        await new Promise<void>((resolve, reject) => {
          this.waiting.push(resolve)
          signal?.addEventListener('abort', () => {
            this.waiting = this.waiting.filter((w) => w !== resolve)
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
          })
        })
      return await this.inner.wrap(r, key)
    } finally {
      this.active--
    }
  }
  unwrap(r: RecipientRef, c: string): Promise<Uint8Array> {
    return this.inner.unwrap(r, c)
  }
  releaseAll(): void {
    this.waiting.splice(0).forEach((f) => f())
  }
  /** Lets every call through, those waiting and those to come. */
  open(): void {
    this.opened = true
    this.releaseAll()
  }
}

const noSigning = {} as SigningKms
const req = (o: Partial<JobRequest> & Pick<JobRequest, 'operation'>): JobRequest => ({
  hash: 'sha256',
  overwrite: false,
  storeName: true,
  ...o
})
const until = (cond: () => boolean) => vi.waitFor(() => expect(cond()).toBe(true), { timeout: 20_000, interval: 10 })

let t: Awaited<ReturnType<typeof tempDir>>
let kms: FakeKms
let records: ActivityRecord[]
let progress: JobProgress[]
let done: JobView[]
let onDone: (() => void) | undefined
const sink = {
  progress: (p: JobProgress) => progress.push(p),
  done: (v: JobView) => {
    done.push(v)
    onDone?.()
  }
}
/** Resolves once `n` jobs have ended (the sink's done event). */
const jobsDone = (n: number) =>
  new Promise<void>((resolve) => {
    onDone = () => done.length >= n && resolve()
    onDone()
  })

// One data key per file, so each job's KMS wrap can be held and released on its own.
const perFile = () => ({ files: 1, minutes: 60 })
function jobsWith(wrapper: DataKeyWrapper, concurrency = 2, now?: () => number): FileJobs {
  const paths = new PathValidator({ dataDir: join(t.dir, 'appdata') })
  return new FileJobs({
    wrapper,
    signing: noSigning,
    paths,
    concurrency: () => concurrency,
    record: async (e) => void records.push(e),
    progressIntervalMs: 0,
    dataKeyLimits: perFile,
    ...(now ? { now } : {})
  })
}
async function file(name: string, data: Buffer | string) {
  const path = join(t.dir, name)
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, data)
  return { path, relative: name, size: Buffer.byteLength(data) }
}
/** A file above the small-file size: it takes one of the `concurrency` slots. */
const large = (name: string) => file(name, pattern(SMALL_FILE_BYTES + 1))

beforeEach(async () => {
  t = await tempDir()
  kms = kmsWith(KEY_A, KEY_B)
  records = []
  progress = []
  done = []
  onDone = undefined
})
afterEach(() => t.cleanup())
afterAll(() => closeSharedPool())

describe('file jobs queue', () => {
  it('encrypts and decrypts beside the inputs, reporting outputs and recording each job', async () => {
    const jobs = jobsWith(kms)
    const a = await file('a.txt', 'alpha')
    const views = jobs.submit(req({ operation: 'encrypt', recipients: [KEY_A, KEY_B] }), [a], sink)
    expect(views[0]).toMatchObject({ state: 'running', name: 'a.txt', bytesTotal: 5 })
    await jobs.idle()
    expect(done[0]).toMatchObject({ state: 'ok', output: `${a.path}.tkms` })
    expect((await readHeader(`${a.path}.tkms`)).recipients.map((r) => r.slug)).toEqual(['primary', 'escrow'])
    await writeFile(a.path, 'gone') // decrypt must not overwrite it…
    jobs.submit(req({ operation: 'decrypt' }), [{ path: `${a.path}.tkms`, relative: 'a.txt.tkms', size: 0 }], sink)
    await jobs.idle()
    expect(done[1]).toMatchObject({
      state: 'error',
      error: { code: 'exists', hint: expect.stringContaining('overwrit') }
    })
    jobs.submit(
      req({ operation: 'decrypt', overwrite: true }),
      [{ path: `${a.path}.tkms`, relative: 'a.txt.tkms', size: 0 }],
      sink
    )
    await jobs.idle()
    expect(done[2]).toMatchObject({ state: 'ok', output: a.path, openedWith: 'nl-01/primary' })
    expect(await readFile(a.path, 'utf8')).toBe('alpha')
    expect(records.map((r) => [r.operation, r.outcome, r.detail, r.key])).toEqual([
      ['files:encrypt', 'ok', 'a.txt', 'primary, escrow'],
      ['files:decrypt', 'error', 'a.txt.tkms', undefined],
      ['files:decrypt', 'ok', 'a.txt.tkms', 'primary']
    ])
    expect(records[1]?.errorCode).toBe('exists')
    expect(JSON.stringify(records)).not.toContain('alpha')
  })

  it('runs at most `concurrency` jobs at a time', async () => {
    const gate = new Gate(kms)
    const jobs = jobsWith(gate, 2)
    const files = await Promise.all([1, 2, 3, 4, 5].map((i) => large(`f${i}.bin`)))
    const views = jobs.submit(req({ operation: 'encrypt', recipients: [KEY_A] }), files, sink)
    expect(views.map((v) => v.state)).toEqual(['running', 'running', 'queued', 'queued', 'queued'])
    await until(() => gate.waiting.length === 2)
    expect(jobs.list().map((j) => j.state)).toEqual(['running', 'running', 'queued', 'queued', 'queued'])
    const ended = jobsDone(5)
    gate.open()
    await ended
    expect(gate.maxActive).toBe(2)
    expect(done.every((d) => d.state === 'ok')).toBe(true)
  })

  it('runs small files SMALL_FILES_PER_SLOT to a slot, in order, while larger files keep to `concurrency`', async () => {
    const gate = new Gate(kms)
    const jobs = jobsWith(gate, 1)
    const smalls = await Promise.all(
      Array.from({ length: SMALL_FILES_PER_SLOT + 1 }, (_, i) => file(`s${i}.txt`, `small ${i}`))
    )
    const views = jobs.submit(
      req({ operation: 'encrypt', recipients: [KEY_A] }),
      [await large('a.bin'), ...smalls, await large('b.bin')],
      sink
    )
    // The large head takes the one slot; the small files after it run beside it up to their limit;
    // the small file over the limit waits, and so does the large file behind it (order is kept).
    expect(views.map((v) => v.state)).toEqual([
      'running',
      ...Array<string>(SMALL_FILES_PER_SLOT).fill('running'),
      'queued',
      'queued'
    ])
    const ended = jobsDone(views.length)
    gate.open()
    await ended
    expect(done.every((d) => d.state === 'ok')).toBe(true)
    expect(await listDir(t.dir)).toHaveLength(2 * views.length)
  })

  it('cancels one job, queued or running, and everything; no output and no temp file remain', async () => {
    const gate = new Gate(kms)
    const jobs = jobsWith(gate, 1)
    const files = await Promise.all(['x', 'y', 'z'].map((n) => large(`${n}.txt`)))
    const [x, y, z] = jobs.submit(req({ operation: 'encrypt', recipients: [KEY_A] }), files, sink)
    await until(() => gate.waiting.length === 1)
    expect(jobs.cancel(y?.jobId ?? '')).toBe(true)
    expect(jobs.cancel(x?.jobId ?? '')).toBe(true)
    await until(() => gate.waiting.length === 1 && jobs.list()[2]?.state === 'running')
    expect(jobs.cancelAll()).toBe(1)
    await jobs.idle()
    expect(done.map((d) => [d.name, d.state])).toEqual([
      ['y.txt', 'cancelled'],
      ['x.txt', 'cancelled'],
      ['z.txt', 'cancelled']
    ])
    expect(jobs.cancel(z?.jobId ?? '')).toBe(false)
    expect(jobs.cancel('no-such-job')).toBe(false)
    expect(await listDir(t.dir)).toEqual(['x.txt', 'y.txt', 'z.txt'])
    expect(records.every((r) => r.outcome === 'error' && r.errorCode === 'cancelled')).toBe(true)
  })

  it('cancels in the middle of a large file, leaving nothing behind', async () => {
    const jobs = jobsWith(kms, 1)
    const big = await file('big.bin', pattern(24 << 20))
    const [v] = jobs.submit(req({ operation: 'encrypt', recipients: [KEY_A] }), [big], sink)
    await until(() => progress.some((p) => p.bytesDone > 0))
    jobs.cancel(v?.jobId ?? '')
    await jobs.idle()
    expect(done[0]).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' } })
    expect(await listDir(t.dir)).toEqual(['big.bin'])
  })

  it('reports progress with rate and ETA measured in main', async () => {
    let clock = 1000
    const jobs = jobsWith(kms, 1, () => (clock += 500))
    const f = await file('p.bin', pattern(5 << 20))
    jobs.submit(req({ operation: 'encrypt', recipients: [KEY_A] }), [f], sink)
    await jobs.idle()
    const mid = progress.find((p) => p.bytesDone > 0 && p.bytesDone < p.bytesTotal)
    expect(mid).toBeDefined()
    expect(mid?.rate).toBeGreaterThan(0)
    expect(mid?.etaSeconds).toBeCloseTo(((mid?.bytesTotal ?? 0) - (mid?.bytesDone ?? 0)) / (mid?.rate ?? 1), 5)
    expect(done[0]?.bytesDone).toBe(5 << 20)
  })

  it('writes into an output folder keeping the dropped structure, and decrypts back into it', async () => {
    const jobs = jobsWith(kms)
    const out = join(t.dir, 'out')
    await mkdir(out)
    const a = await file('docs/a.txt', 'A')
    const b = await file('docs/sub/b.txt', 'B')
    jobs.submit(req({ operation: 'encrypt', recipients: [KEY_B], outputDir: out }), [a, b], sink)
    await jobs.idle()
    expect(done.map((d) => d.output).sort()).toEqual([join(out, 'docs/a.txt.tkms'), join(out, 'docs/sub/b.txt.tkms')])
    const back = join(t.dir, 'back')
    await mkdir(back)
    jobs.submit(
      req({ operation: 'decrypt', outputDir: back }),
      [{ path: join(out, 'docs/sub/b.txt.tkms'), relative: 'docs/sub/b.txt.tkms', size: 0 }],
      sink
    )
    await jobs.idle()
    expect(done[2]?.output).toBe(join(back, 'docs/sub/b.txt'))
    expect(await readFile(join(back, 'docs/sub/b.txt'), 'utf8')).toBe('B')
  })

  it('re-encrypts to other recipients beside the file, or in place when overwriting is allowed', async () => {
    const jobs = jobsWith(kms)
    const f = await file('r.txt', 'rotate me')
    jobs.submit(req({ operation: 'encrypt', recipients: [KEY_A] }), [f], sink)
    await jobs.idle()
    const enc = { path: `${f.path}.tkms`, relative: 'r.txt.tkms', size: 0 }
    jobs.submit(req({ operation: 'reencrypt', recipients: [KEY_B] }), [enc], sink)
    await jobs.idle()
    expect(done[1]?.output).toBe(join(t.dir, 'r.txt.reencrypted.tkms'))
    expect((await readHeader(join(t.dir, 'r.txt.reencrypted.tkms'))).recipients.map((r) => r.slug)).toEqual(['escrow'])
    kms.rotate(KEY_A)
    jobs.submit(req({ operation: 'reencrypt', overwrite: true }), [enc], sink)
    await jobs.idle()
    expect(done[2]).toMatchObject({ state: 'ok', output: enc.path })
    expect(await listDir(t.dir)).toEqual(['r.txt', 'r.txt.reencrypted.tkms', 'r.txt.tkms'])
    kms.refuse(KEY_A, 'key_not_usable')
    jobs.submit(req({ operation: 'reencrypt', overwrite: true }), [enc], sink)
    await jobs.idle()
    expect(done[3]).toMatchObject({
      state: 'error',
      error: { code: 'key_not_usable', hint: expect.stringContaining('enable') }
    })
    expect(await listDir(t.dir)).toEqual(['r.txt', 'r.txt.reencrypted.tkms', 'r.txt.tkms'])
  })

  it('turns engine failures into AppErrors with a next step, and unknown ones into a generic error', async () => {
    const jobs = jobsWith(kms)
    const plain = await file('plain.txt', 'not encrypted at all, just text')
    jobs.submit(req({ operation: 'decrypt' }), [plain], sink)
    kms.refuse(KEY_B, 'not_found_or_no_access')
    jobs.submit(req({ operation: 'encrypt', recipients: [KEY_B] }), [plain], sink)
    await jobs.idle()
    const byOp = Object.fromEntries(done.map((d) => [d.operation, d.error]))
    expect(byOp['decrypt']).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('not a Thalassa KMS encrypted file')
    })
    expect(byOp['encrypt']).toMatchObject({
      code: 'not_found_or_no_access',
      hint: expect.stringContaining('permission')
    })
    expect(jobError(new Error('/secret/path leaked'))).toEqual({
      code: 'internal',
      message: expect.not.stringContaining('secret'),
      hint: expect.any(String)
    })
  })
})
