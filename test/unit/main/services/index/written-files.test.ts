import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobView } from '@contract/schemas/files'
import { closeSharedPool } from '../../../../../src-main/services/files'
import { PathValidator } from '../../../../../src-main/services/files/input-paths'
import { FileJobs } from '../../../../../src-main/services/file-jobs/jobs'
import { LocalIndex } from '../../../../../src-main/services/index'
import type { SigningKms } from '../../../../../src-main/services/signing'
import { KEY_A, KEY_B, kmsWith, tempDir } from '../file-helpers'

describe('files the app writes are recorded in the local index', () => {
  let t: Awaited<ReturnType<typeof tempDir>>
  beforeEach(async () => (t = await tempDir()))
  afterEach(() => t.cleanup())
  afterAll(() => closeSharedPool())

  it('an encrypt that succeeds is recorded; a decrypt and a refused encrypt are not', async () => {
    const index = new LocalIndex({ file: join(t.dir, 'appdata', 'local-index.json') })
    await index.load()
    const pending: Promise<unknown>[] = []
    const done: JobView[] = []
    const jobs = new FileJobs({
      wrapper: kmsWith(KEY_A, KEY_B),
      signing: {} as SigningKms,
      paths: new PathValidator({ dataDir: join(t.dir, 'appdata') }),
      concurrency: () => 1,
      record: async () => undefined,
      written: (p) => void pending.push(index.recordPath(p))
    })
    const sink = { progress: () => undefined, done: (v: JobView) => void done.push(v) }
    const input = join(t.dir, 'a.txt')
    await writeFile(input, 'alpha')
    const base = { hash: 'sha256', overwrite: false, storeName: false } as const
    jobs.submit(
      { ...base, operation: 'encrypt', recipients: [KEY_A, KEY_B] },
      [{ path: input, relative: 'a.txt', size: 5 }],
      sink
    )
    await jobs.idle()
    // Again without overwrite: refused (exists), nothing new recorded.
    jobs.submit(
      { ...base, operation: 'encrypt', recipients: [KEY_A] },
      [{ path: input, relative: 'a.txt', size: 5 }],
      sink
    )
    await jobs.idle()
    jobs.submit(
      { ...base, operation: 'decrypt', overwrite: true },
      [{ path: `${input}.tkms`, relative: 'a.txt.tkms', size: 0 }],
      sink
    )
    await jobs.idle()
    await Promise.all(pending)
    expect(done.map((d) => d.state)).toEqual(['ok', 'error', 'ok'])
    expect(pending).toHaveLength(1)
    expect(index.filesUsingKey(KEY_A.region, KEY_A.identity).map((f) => f.path)).toEqual([`${input}.tkms`])
    expect(index.countUsingKey(KEY_B.region, KEY_B.identity)).toBe(1)
  })
})
