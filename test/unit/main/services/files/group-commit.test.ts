import { spawn } from 'node:child_process'
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import { syncDirGrouped } from '../../../../../src-main/common/atomic-file'
import type { JobRequest } from '../../../../../src-main/services/file-jobs/job-runners'
import { FileJobs } from '../../../../../src-main/services/file-jobs/jobs'
import { closeSharedPool, decryptFile, type DataKeyWrapper } from '../../../../../src-main/services/files'
import { PathValidator } from '../../../../../src-main/services/files/input-paths'
import { TEMP_MARKER } from '../../../../../src-main/services/files/output-target'
import type { SigningKms } from '../../../../../src-main/services/signing'
import { KEY_A, kmsWith, listDir, pattern, tempDir } from '../file-helpers'
import { plainWrapper } from './plain-wrapper'

/** A folder fsync that finishes only when the test says so, recording when each one started. */
function manualSync() {
  const started: string[] = []
  const finish: (() => void)[] = []
  const sync = (dir: string) => {
    started.push(dir)
    return new Promise<void>((resolve) => finish.push(resolve))
  }
  return { started, sync, finishNext: () => finish.shift()?.() }
}
const tick = () => new Promise((r) => setTimeout(r, 0))

describe('group commit of folder fsyncs', () => {
  it('covers every caller with a sync that started after its request, sharing one sync among those that waited', async () => {
    const m = manualSync()
    const order: string[] = []
    const a = syncDirGrouped('/d', m.sync).then(() => order.push('a'))
    await tick()
    // b, c and d ask while a's sync runs: that sync may predate their renames, so they wait for the next one.
    const rest = ['b', 'c', 'd'].map((n) => syncDirGrouped('/d', m.sync).then(() => order.push(n)))
    await tick()
    expect(m.started).toEqual(['/d'])
    m.finishNext()
    await a
    await tick()
    expect(order).toEqual(['a'])
    expect(m.started).toEqual(['/d', '/d'])
    // e asks while the second sync runs: it is not covered by it.
    const e = syncDirGrouped('/d', m.sync).then(() => order.push('e'))
    m.finishNext()
    await Promise.all(rest)
    await tick()
    expect(order).toEqual(['a', 'b', 'c', 'd'])
    expect(m.started).toHaveLength(3)
    m.finishNext()
    await e
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(m.started).toHaveLength(3)
  })

  it('keeps folders apart, and a failed sync still lets the waiters have their own', async () => {
    const m = manualSync()
    let fail = true
    const flaky = (dir: string) => (fail ? ((fail = false), Promise.reject(new Error('EIO'))) : m.sync(dir))
    const first = syncDirGrouped('/x', flaky)
    const waiter = syncDirGrouped('/x', flaky)
    const other = syncDirGrouped('/y', m.sync)
    await expect(first).rejects.toThrow('EIO')
    await tick()
    expect(m.started).toEqual(['/y', '/x'])
    m.finishNext()
    m.finishNext()
    await expect(Promise.all([waiter, other])).resolves.toBeDefined()
  })
})

/* The guarantees of group-committed outputs, through the Files queue with many small files in flight. */
let t: Awaited<ReturnType<typeof tempDir>>
beforeEach(async () => (t = await tempDir()))
afterEach(() => t.cleanup())
afterAll(() => closeSharedPool())

const plainReq = (o: Partial<JobRequest> & Pick<JobRequest, 'operation'>): JobRequest => ({
  hash: 'sha256',
  overwrite: false,
  storeName: true,
  ...o
})

async function runBatch(
  wrapper: DataKeyWrapper,
  r: JobRequest,
  files: { path: string; relative: string; size: number }[]
): Promise<Map<string, JobView>> {
  const jobs = new FileJobs({
    wrapper,
    signing: {} as SigningKms,
    paths: new PathValidator({ dataDir: join(t.dir, 'appdata') }),
    concurrency: () => 2,
    record: async () => undefined
  })
  const done = new Map<string, JobView>()
  jobs.submit(r, files, { progress: () => undefined, done: (v) => void done.set(basename(v.input), v) })
  await jobs.idle()
  return done
}

async function sources(n: number) {
  const src = join(t.dir, 'src')
  await mkdir(src)
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const name = `f${String(i).padStart(4, '0')}.bin`
      await writeFile(join(src, name), pattern(4096, i + 1))
      return { path: join(src, name), relative: name, size: 4096 }
    })
  )
}
const temps = (names: string[]) => names.filter((n) => n.includes(TEMP_MARKER))

describe('group-committed outputs', () => {
  it('a failure in the middle of a batch leaves nothing at the failed targets and no temp file, and reports each failed file', async () => {
    const kms = kmsWith(KEY_A)
    const files = await sources(40)
    const enc = join(t.dir, 'enc')
    await mkdir(enc)
    const encrypted = await runBatch(
      kms,
      plainReq({ operation: 'encrypt', recipients: [KEY_A], outputDir: enc }),
      files
    )
    expect([...encrypted.values()].every((v) => v.state === 'ok')).toBe(true)
    // Two damaged in their last bytes, and a copy that decrypts to the same stored name as its original.
    for (const i of [7, 23]) {
      const p = join(enc, `${files[i]?.relative}.tkms`)
      const b = await readFile(p)
      b[b.length - 1] = (b[b.length - 1] ?? 0) ^ 1
      await writeFile(p, b)
    }
    await copyFile(join(enc, 'f0011.bin.tkms'), join(enc, 'copy-of-11.tkms'))
    const inputs = (await listDir(enc)).map((n) => ({ path: join(enc, n), relative: n, size: 4200 }))
    const out = join(t.dir, 'out')
    await mkdir(out)
    const dec = await runBatch(kms, plainReq({ operation: 'decrypt', outputDir: out }), inputs)

    expect(dec.get('f0007.bin.tkms')).toMatchObject({ state: 'error', error: { code: 'integrity' } })
    expect(dec.get('f0023.bin.tkms')).toMatchObject({ state: 'error', error: { code: 'integrity' } })
    // One of the two writers of f0011.bin wins; the other is refused, never overwriting it.
    const pair = [dec.get('f0011.bin.tkms'), dec.get('copy-of-11.tkms')].map((v) => v?.state).sort()
    expect(pair).toEqual(['error', 'ok'])
    expect([dec.get('f0011.bin.tkms'), dec.get('copy-of-11.tkms')].find((v) => v?.state === 'error')?.error?.code).toBe(
      'exists'
    )
    expect([...dec.values()].filter((v) => v.state === 'ok')).toHaveLength(38)

    const left = await listDir(out)
    expect(temps(left)).toEqual([])
    expect(left).toEqual(files.filter((_, i) => i !== 7 && i !== 23).map((f) => f.relative))
    for (const f of files.filter((_, i) => i !== 7 && i !== 23))
      expect((await readFile(join(out, f.relative))).equals(await readFile(f.path))).toBe(true)
  })

  it('a crash between write and rename leaves whole outputs and temp files only; the temp files are ignored and a rerun completes the batch', async () => {
    const files = await sources(1500)
    const out = join(t.dir, 'out')
    await mkdir(out)
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./crash-child.ts', import.meta.url)),
        join(t.dir, 'src'),
        out,
        join(t.dir, 'appdata')
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    const reported: string[] = []
    let buf = ''
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString()
      const lines = buf.split('\n')
      buf = lines.pop() ?? ''
      reported.push(...lines)
    })
    const exited = new Promise((r) => child.on('exit', r))
    // Killed (no chance to clean up) while outputs are being written: some done, some in flight.
    for (let i = 0; i < 6000 && child.exitCode === null; i++) {
      if (reported.length >= 30 && temps(await readdir(out)).length > 0) break
      await new Promise((r) => setTimeout(r, 10))
    }
    child.kill('SIGKILL')
    await exited

    const left = await listDir(out)
    const finals = left.filter((n) => !n.includes(TEMP_MARKER))
    expect(temps(left).length).toBeGreaterThan(0)
    expect(finals.length).toBeLessThan(files.length)
    for (const r of reported) expect(finals).toContain(basename(r))
    // Every file under its final name is whole: it opens and matches its source.
    const check = join(t.dir, 'check')
    await mkdir(check)
    for (const n of finals) {
      await decryptFile({ input: join(out, n), output: join(check, n), wrapper: plainWrapper })
      expect(
        (await readFile(join(check, n))).equals(await readFile(join(t.dir, 'src', n.slice(0, -'.tkms'.length))))
      ).toBe(true)
    }
    // Adding the folder as input skips the leftovers; a rerun writes the rest and refuses to overwrite what exists.
    const expanded = await new PathValidator({ dataDir: join(t.dir, 'appdata'), maxFiles: 5000 }).expand([out])
    expect(expanded.entries.map((e) => basename(e.path)).sort()).toEqual(finals)
    const rerun = await runBatch(
      plainWrapper,
      plainReq({ operation: 'encrypt', recipients: [KEY_A], outputDir: out, storeName: false }),
      files
    )
    for (const f of files)
      expect(rerun.get(f.relative)?.state).toBe(finals.includes(`${f.relative}.tkms`) ? 'error' : 'ok')
    expect((await listDir(out)).filter((n) => !n.includes(TEMP_MARKER))).toHaveLength(files.length)
  }, 180_000)
})
