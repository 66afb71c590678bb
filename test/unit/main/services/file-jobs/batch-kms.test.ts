import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../../../../src-main/sandbox'
import {
  closeSharedPool,
  decryptFile,
  kmsDataKeyWrapper,
  type RecipientRef
} from '../../../../../src-main/services/files'
import { openRegularFile } from '../../../../../src-main/services/files/input-file'
import { readParsedHeader } from '../../../../../src-main/services/files/encrypted-source'
import type { FileBatch } from '../../../../../src-main/services/file-jobs/file-batch'
import { PathValidator } from '../../../../../src-main/services/files/input-paths'
import type { JobRequest } from '../../../../../src-main/services/file-jobs/job-runners'
import { FileJobs } from '../../../../../src-main/services/file-jobs/jobs'
import { KmsClient, type KmsClientOptions } from '../../../../../src-main/services/kms/client'
import type { RetryInfo } from '../../../../../src-main/services/kms/http'
import { patAuth } from '../../../../../src-main/services/profiles/auth'
import type { SigningKms } from '../../../../../src-main/services/signing'
import { tempDir } from '../file-helpers'

/*
 * Batches against the real sandbox KMS: KMS calls are counted where they arrive (the sandbox), so
 * the numbers below are the requests a real service would see.
 */
let t: Awaited<ReturnType<typeof tempDir>>
let sandbox: SandboxHandle
let client: KmsClient
let aes: RecipientRef
let rsa: RecipientRef
let work = ''
let n = 0

const req = (o: Partial<JobRequest> & Pick<JobRequest, 'operation'>): JobRequest => ({
  hash: 'sha256',
  overwrite: false,
  storeName: true,
  ...o
})
const count = (op: string): number => sandbox.requests()[op] ?? 0

function newClient(o: Partial<KmsClientOptions> = {}): KmsClient {
  return new KmsClient({
    endpoint: sandbox.url,
    organisation: SANDBOX_CREDENTIALS.organisation,
    auth: patAuth(SANDBOX_CREDENTIALS.adminPat),
    ...o
  })
}

/** Runs one batch through the Files queue and returns every file's final view. */
async function batch(
  r: JobRequest,
  files: { path: string; relative: string; size: number }[],
  o: {
    limits?: { files: number; minutes: number }
    kms?: KmsClient
    concurrency?: number
    onBatch?: (b: FileBatch) => void
  } = {}
): Promise<JobView[]> {
  const done: JobView[] = []
  const kms = o.kms ?? client
  const jobs = new FileJobs({
    wrapper: kmsDataKeyWrapper(async () => kms),
    signing: {} as SigningKms,
    paths: new PathValidator({ dataDir: join(t.dir, 'appdata') }),
    // An explicit concurrency here means exactly that many files at once, small ones included.
    concurrency: () => o.concurrency ?? 4,
    ...(o.concurrency ? { smallFilesPerSlot: 1 } : {}),
    record: async () => undefined,
    ...(o.limits ? { dataKeyLimits: () => o.limits! } : {}),
    ...(o.onBatch ? { onBatch: o.onBatch } : {})
  })
  jobs.submit(r, files, { progress: () => undefined, done: (v) => void done.push(v) })
  await jobs.idle()
  return done
}

async function plainFiles(count: number, prefix: string) {
  const dir = join(work, `${prefix}-${n++}`)
  await mkdir(dir, { recursive: true })
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const path = join(dir, `${prefix}-${i}.txt`)
      const data = `${prefix} file ${i} `.repeat(i + 1)
      await writeFile(path, data)
      return { path, relative: `${prefix}-${i}.txt`, size: data.length }
    })
  )
}

const encrypted = (files: { path: string; relative: string }[]) =>
  files.map((f) => ({ path: `${f.path}.tkms`, relative: `${f.relative}.tkms`, size: 0 }))

async function headerOf(path: string) {
  const f = await openRegularFile(path)
  try {
    return await readParsedHeader(f, path)
  } finally {
    await f.handle.close()
  }
}

beforeAll(async () => {
  t = await tempDir()
  sandbox = await startSandbox({ dataDir: join(t.dir, 'sandbox'), port: 0, schedulerIntervalMs: 0 })
  client = newClient()
  const a = await client.createKey('nl-01', { name: 'batch-primary', keyType: 'aes256-gcm96' })
  const b = await client.createKey('nl-02', { name: 'batch-escrow', keyType: 'rsa-2048' })
  aes = { region: 'nl-01', identity: a.identity, slug: a.slug }
  rsa = { region: 'nl-02', identity: b.identity, slug: b.slug }
})
beforeEach(async () => {
  work = join(t.dir, `w${n++}`)
  await mkdir(work)
  sandbox.setFaults({
    errorBurst: 0,
    errorRate: 0,
    errorStatus: 503,
    retryAfterSeconds: undefined,
    retryAfterAsDate: false
  })
})
afterAll(async () => {
  await closeSharedPool()
  await client.close()
  await sandbox.close()
  await t.cleanup()
})

describe('data keys per batch', () => {
  it('10 files with 3 files per data key cost ⌈10/3⌉ × 2 KMS encrypts; every file has its own salt and round trips', async () => {
    const files = await plainFiles(10, 'n3')
    const before = count('encrypt')
    const enc = await batch(req({ operation: 'encrypt', recipients: [aes, rsa] }), files, {
      limits: { files: 3, minutes: 60 }
    })
    expect(enc.map((v) => v.state)).toEqual(Array(10).fill('ok'))
    expect(count('encrypt') - before).toBe(Math.ceil(10 / 3) * 2)

    const headers = await Promise.all(encrypted(files).map((f) => headerOf(f.path)))
    const salts = new Set(headers.map((h) => Buffer.from(h.fields.salt).toString('hex')))
    expect(salts.size).toBe(10)
    const byKey = new Map<string, number>()
    for (const h of headers) {
      const c = h.fields.recipients.map((r) => r.ciphertext).join('|')
      byKey.set(c, (byKey.get(c) ?? 0) + 1)
    }
    expect([...byKey.values()].sort()).toEqual([1, 3, 3, 3])

    const decBefore = count('decrypt')
    let seen: FileBatch | undefined
    const dec = await batch(req({ operation: 'decrypt', outputDir: join(work, 'out') }), encrypted(files), {
      onBatch: (b) => (seen = b)
    })
    expect(dec.map((v) => v.state)).toEqual(Array(10).fill('ok'))
    // One KMS decrypt per distinct data key (the first recipient opens each), and nothing held after.
    expect(count('decrypt') - decBefore).toBe(4)
    expect(seen?.cachedKeys).toBe(0)
    for (const f of files)
      expect(await readFile(join(work, 'out', f.relative), 'utf8')).toBe(await readFile(f.path, 'utf8'))
  })

  it('a limit of 1 file per data key restores one KMS encrypt per recipient per file', async () => {
    const files = await plainFiles(4, 'one')
    const before = count('encrypt')
    await batch(req({ operation: 'encrypt', recipients: [aes] }), files, { limits: { files: 1, minutes: 60 } })
    expect(count('encrypt') - before).toBe(4)
    const salts = await Promise.all(
      encrypted(files).map(async (f) => (await headerOf(f.path)).fields.recipients[0]?.ciphertext)
    )
    expect(new Set(salts).size).toBe(4)
  })

  it('a file from a batch opens on its own, without the rest of the batch', async () => {
    const files = await plainFiles(5, 'alone')
    await batch(req({ operation: 'encrypt', recipients: [aes, rsa] }), files)
    const one = encrypted(files)[2]!
    const r = await decryptFile({
      input: one.path,
      output: join(work, 'alone.txt'),
      wrapper: kmsDataKeyWrapper(async () => client)
    })
    expect(r.recipient.identity).toBe(aes.identity)
    expect(await readFile(join(work, 'alone.txt'), 'utf8')).toBe(await readFile(files[2]!.path, 'utf8'))
  })

  it('a decrypt batch over files of three encrypt batches asks the KMS once per distinct data key', async () => {
    const groups = [await plainFiles(2, 'g1'), await plainFiles(3, 'g2'), await plainFiles(4, 'g3')]
    const before = count('encrypt')
    for (const g of groups) await batch(req({ operation: 'encrypt', recipients: [aes] }), g)
    expect(count('encrypt') - before).toBe(3)
    const decBefore = count('decrypt')
    let seen: FileBatch | undefined
    let held = 0
    let timer: NodeJS.Timeout | undefined
    const all = encrypted(groups.flat())
    const dec = await batch(req({ operation: 'decrypt', outputDir: join(work, 'out') }), all, {
      onBatch: (b) => {
        seen = b
        // Sample the cache while the batch runs.
        timer = setInterval(() => (held = Math.max(held, b.cachedKeys)), 1)
      }
    })
    clearInterval(timer)
    expect(dec.filter((v) => v.state === 'ok')).toHaveLength(9)
    expect(count('decrypt') - decBefore).toBe(3)
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThanOrEqual(3)
    expect(seen?.cachedKeys).toBe(0)
  })
})

describe('KMS lane under rate limits', () => {
  it('honours a 429 burst with Retry-After in seconds and as an HTTP date; the batch completes', async () => {
    const retries: RetryInfo[] = []
    // The client's own delays from Retry-After, recorded instead of waited (as in kms-faults.test.ts).
    const slept: number[] = []
    const kms = newClient({ onRetry: (i) => retries.push(i), retry: { sleep: async (ms) => void slept.push(ms) } })
    try {
      sandbox.setFaults({ errorStatus: 429, errorBurst: 2, retryAfterSeconds: 1 })
      const files = await plainFiles(3, 'rl')
      const enc = await batch(req({ operation: 'encrypt', recipients: [aes] }), files, {
        kms,
        limits: { files: 1, minutes: 60 },
        concurrency: 1
      })
      expect(enc.map((v) => v.state)).toEqual(['ok', 'ok', 'ok'])
      expect(retries.map((r) => r.reason)).toEqual(['rate_limited', 'rate_limited'])
      for (const r of retries) expect(r.delayMs).toBeGreaterThanOrEqual(1000)
      expect(slept).toEqual(retries.map((r) => r.delayMs))

      retries.length = 0
      sandbox.setFaults({ errorStatus: 429, errorBurst: 1, retryAfterSeconds: 2, retryAfterAsDate: true })
      const dec = await batch(req({ operation: 'decrypt', outputDir: join(work, 'out') }), encrypted(files), {
        kms,
        concurrency: 1
      })
      expect(dec.map((v) => v.state)).toEqual(['ok', 'ok', 'ok'])
      expect(retries).toHaveLength(1)
      // An HTTP date has whole seconds: "now + 2 s" is between 1 and 2 s away.
      expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(900)
      expect(retries[0]?.delayMs).toBeLessThanOrEqual(2000)
      expect(slept.slice(2)).toEqual([retries[0]?.delayMs])
    } finally {
      await kms.close()
    }
  })

  it('a file whose KMS call stays rate limited fails with rate_limited while the rest of the batch succeeds', async () => {
    const kms = newClient({ retry: { maxAttempts: 2, sleep: async () => undefined } })
    try {
      const files = await plainFiles(5, 'burst')
      sandbox.setFaults({ errorStatus: 429, errorBurst: 2 })
      const enc = await batch(req({ operation: 'encrypt', recipients: [aes] }), files, {
        kms,
        limits: { files: 1, minutes: 60 },
        concurrency: 1
      })
      expect(enc.map((v) => v.state)).toEqual(['error', 'ok', 'ok', 'ok', 'ok'])
      expect(enc[0]?.error?.code).toBe('rate_limited')
    } finally {
      await kms.close()
    }
  })

  it('a damaged file in the middle of a decrypt batch is reported; the others are written', async () => {
    const files = await plainFiles(5, 'mid')
    await batch(req({ operation: 'encrypt', recipients: [aes] }), files)
    const enc = encrypted(files)
    const victim = enc[2]!.path
    const bytes = await readFile(victim)
    bytes[bytes.length - 3]! ^= 0x01
    await writeFile(victim, bytes)
    const dec = await batch(req({ operation: 'decrypt', outputDir: join(work, 'out') }), enc, { concurrency: 2 })
    const byName = Object.fromEntries(dec.map((v) => [v.name, v]))
    expect(byName['mid-2.txt.tkms']).toMatchObject({ state: 'error', error: { code: 'integrity' } })
    expect(dec.filter((v) => v.state === 'ok')).toHaveLength(4)
    await expect(readFile(join(work, 'out', 'mid-2.txt'))).rejects.toThrow()
    expect(await readFile(join(work, 'out', 'mid-4.txt'), 'utf8')).toBe(await readFile(files[4]!.path, 'utf8'))
  })
})
