import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { closeSharedPool, decryptFile, encryptFile } from '../../../../../src-main/services/files'
import { readParsedHeader } from '../../../../../src-main/services/files/encrypted-source'
import { openRegularFile } from '../../../../../src-main/services/files/input-file'
import { createJob, resumeJob, runJob, summary } from '../../../../../src-main/services/reencrypt-jobs/job'
import { loadJournal, saveJournal } from '../../../../../src-main/services/reencrypt-jobs/journal'
import { versionOf } from '../../../../../src-main/services/signing/kms-string'
import { KEY_A, KEY_B, kmsWith, pattern, tempDir } from '../file-helpers'

let root = ''
let dataDir = ''
const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  await closeSharedPool()
  await Promise.all(cleanups.map((c) => c()))
})

const kms = kmsWith(KEY_A, KEY_B)
const keysA = [{ region: KEY_A.region, identity: KEY_A.identity }]
/** Files wrapped by KEY_A below its latest version (set by folder(), which rotates KEY_A after writing). */
let criteria = { keys: keysA, belowVersion: 2 }
const latestA = async (): Promise<number> => versionOf(await kms.wrap(KEY_A, Buffer.alloc(32))) ?? 0

async function versions(path: string): Promise<string[]> {
  const f = await openRegularFile(path)
  try {
    return (await readParsedHeader(f, path)).fields.recipients.map((r) => `${r.slug}:v${versionOf(r.ciphertext)}`)
  } finally {
    await f.handle.close()
  }
}

/** a1, a2 (to KEY_A, one in a subfolder), ab (to both), b (to KEY_B only), notes.txt; then KEY_A rotates. */
async function folder(): Promise<Record<string, string>> {
  const t = await tempDir()
  cleanups.push(t.cleanup)
  root = join(t.dir, 'docs')
  dataDir = join(t.dir, 'data')
  await mkdir(join(root, 'sub'), { recursive: true })
  const plan: [string, (typeof KEY_A)[]][] = [
    ['a1', [KEY_A]],
    ['sub/a2', [KEY_A]],
    ['ab', [KEY_A, KEY_B]],
    ['b', [KEY_B]]
  ]
  const out: Record<string, string> = {}
  for (const [i, [name, to]] of plan.entries()) {
    const input = join(root, `${name}.bin`)
    await writeFile(input, pattern(3000 + i, i + 1))
    await encryptFile({ input, output: `${input}.tkms`, recipients: to, wrapper: kms, chunkSize: 1024 })
    // Old timestamps: a rewrite (or a touch) would show.
    await utimes(`${input}.tkms`, new Date('2020-01-01'), new Date('2020-01-01'))
    out[name] = `${input}.tkms`
  }
  await writeFile(join(root, 'notes.txt'), 'not encrypted')
  kms.rotate(KEY_A)
  criteria = { keys: keysA, belowVersion: await latestA() }
  return out
}

describe('bulk re-encryption of a folder', () => {
  it('rewrites only the matching files to the latest version; others are untouched, byte for byte and mtime', async () => {
    const f = await folder()
    const bBytes = await readFile(f['b']!)
    const bTime = (await stat(f['b']!)).mtimeMs
    const job = await createJob({ dataDir, wrapper: kms }, { root, recursive: true, criteria })
    expect(job.files.map((x) => x.path.slice(root.length + 1)).sort()).toEqual([
      'a1.bin.tkms',
      'ab.bin.tkms',
      'sub/a2.bin.tkms'
    ])
    const done = await runJob({ dataDir, wrapper: kms }, job)
    expect(summary(done)).toMatchObject({ matched: 3, done: 3, failed: 0, unmatched: 1, unreadable: 0 })
    expect(done.state).toBe('finished')
    const latest = `v${criteria.belowVersion}`
    expect(await versions(f['a1']!)).toEqual([`primary:${latest}`])
    expect((await versions(f['ab']!))[0]).toBe(`primary:${latest}`)
    expect((await readFile(f['b']!)).equals(bBytes)).toBe(true)
    expect((await stat(f['b']!)).mtimeMs).toBe(bTime)
    // The rewritten file still opens to the same plaintext; no temp files were left.
    const out = join(root, 'check.bin')
    await decryptFile({ input: f['a1']!, output: out, wrapper: kms })
    expect((await readFile(out)).equals(pattern(3000, 1))).toBe(true)
    expect((await loadJournal(dataDir, job.id))?.state).toBe('finished')
  })

  it('re-encrypts to new recipients with --to', async () => {
    const f = await folder()
    const job = await createJob(
      { dataDir, wrapper: kms },
      { root, recursive: false, criteria: { keys: criteria.keys }, to: [KEY_B] }
    )
    expect(job.files.map((x) => x.path)).toEqual([f['a1'], f['ab']])
    await runJob({ dataDir, wrapper: kms }, job)
    expect((await versions(f['a1']!)).map((v) => v.split(':')[0])).toEqual(['escrow'])
    expect((await versions(f['sub/a2']!)).map((v) => v.split(':')[0])).toEqual(['primary'])
  })

  it('an interrupted job resumes from its journal, and a file renamed just before a crash is not redone', async () => {
    const f = await folder()
    const ac = new AbortController()
    const job = await createJob({ dataDir, wrapper: kms }, { root, recursive: true, criteria })
    const first = await runJob({ dataDir, wrapper: kms, signal: ac.signal, onFile: () => ac.abort() }, job)
    expect(first.state).toBe('interrupted')
    expect(summary(first)).toMatchObject({ done: 1, pending: 2 })
    // A crash between the rename and the journal update: the journal still says "writing".
    const j = (await loadJournal(dataDir, job.id))!
    const second = j.files.find((x) => x.state === 'pending')!
    await runJob({ dataDir, wrapper: kms }, { ...j, files: [{ ...second }] })
    second.state = 'writing'
    await saveJournal(dataDir, j)
    const wrapsBefore = kms.wraps
    const resumed = await resumeJob({ dataDir, wrapper: kms }, job.id)
    expect(summary(resumed)).toMatchObject({ done: 3, pending: 0, failed: 0 })
    expect(resumed.files.find((x) => x.path === second.path)?.message).toMatch(/before the job was interrupted/)
    // Only the one file still pending was wrapped again (one recipient).
    expect(kms.wraps - wrapsBefore).toBe(1)
    for (const p of [f['a1']!, f['sub/a2']!]) expect((await versions(p))[0]).not.toBe('primary:v1')
  })

  it('reports a corrupt file and leaves it untouched; a damaged header is listed as unreadable', async () => {
    const f = await folder()
    const bytes = await readFile(f['a1']!)
    bytes[bytes.length - 5]! ^= 0xff
    await writeFile(f['a1']!, bytes)
    await writeFile(join(root, 'junk.tkms'), 'not really encrypted')
    const job = await createJob({ dataDir, wrapper: kms }, { root, recursive: true, criteria })
    expect(job.unreadable.map((u) => u.path)).toEqual([join(root, 'junk.tkms')])
    const done = await runJob({ dataDir, wrapper: kms }, job)
    const bad = done.files.find((x) => x.path === f['a1'])!
    expect(bad.state).toBe('failed')
    expect(bad.message).toMatch(/a1\.bin\.tkms/)
    expect((await readFile(f['a1']!)).equals(bytes)).toBe(true)
    expect(summary(done)).toMatchObject({ done: 2, failed: 1, unreadable: 1 })
  })

  it('refuses a job with no criteria', async () => {
    await folder()
    await expect(createJob({ dataDir, wrapper: kms }, { root, recursive: true, criteria: {} })).rejects.toThrow(
      /Say which files/
    )
  })
})

describe('files using a disabled or pending-deletion key', () => {
  it('are found through the status lookup and re-encrypted to the new recipients', async () => {
    const f = await folder()
    const status = async (r: { identity: string }) => (r.identity === KEY_B.identity ? 'disabled' : 'active')
    const job = await createJob(
      { dataDir, wrapper: kms, status },
      { root, recursive: true, criteria: { unusableKeys: true }, to: [KEY_A] }
    )
    expect(job.files.map((x) => x.path).sort()).toEqual([f['ab'], f['b']].sort())
    expect(job.files[0]?.why.join()).toMatch(/escrow, which is disabled/)
    await runJob({ dataDir, wrapper: kms, status }, job)
    expect((await versions(f['b']!)).map((v) => v.split(':')[0])).toEqual(['primary'])
  })

  it('without a status lookup nothing matches on status alone', async () => {
    await folder()
    const job = await createJob({ dataDir, wrapper: kms }, { root, recursive: true, criteria: { unusableKeys: true } })
    expect(job.files).toEqual([])
  })
})
