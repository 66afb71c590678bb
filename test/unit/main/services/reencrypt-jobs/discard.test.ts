import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { closeSharedPool, encryptFile } from '../../../../../src-main/services/files'
import type { DataKeyWrapper } from '../../../../../src-main/services/file-format/types'
import { createJob } from '../../../../../src-main/services/reencrypt-jobs/job'
import { loadJournal } from '../../../../../src-main/services/reencrypt-jobs/journal'
import { ReencryptJobs, type JobEvents } from '../../../../../src-main/services/reencrypt-jobs/manager'
import { KEY_A, kmsWith, tempDir } from '../file-helpers'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  await closeSharedPool()
  await Promise.all(cleanups.map((c) => c()))
})
const kms = kmsWith(KEY_A)
const criteria = { keys: [{ region: KEY_A.region, identity: KEY_A.identity }] }
const quiet: JobEvents = { progress: () => undefined, done: () => undefined }

async function setup(wrapper: DataKeyWrapper = kms) {
  const t = await tempDir()
  cleanups.push(t.cleanup)
  const root = t.dir
  const files: string[] = []
  for (const name of ['a', 'b']) {
    await writeFile(join(root, name), `plain ${name}`)
    await encryptFile({
      input: join(root, name),
      output: join(root, `${name}.tkms`),
      recipients: [KEY_A],
      wrapper: kms
    })
    files.push(join(root, `${name}.tkms`))
  }
  const dataDir = join(root, 'data')
  // A job written by an earlier run of the app that stopped before its first file.
  const job = await createJob({ dataDir, wrapper }, { root, recursive: false, criteria })
  return {
    root,
    dataDir,
    files,
    job,
    jobs: new ReencryptJobs({ dataDir, wrapper, status: () => async () => undefined })
  }
}

describe('discarding a re-encryption job', () => {
  it('forgets an interrupted job (its journal only): the files stay as they were', async () => {
    const s = await setup()
    const before = await Promise.all(s.files.map((f) => readFile(f)))
    expect((await s.jobs.list()).map((j) => [j.jobId, j.state])).toEqual([[s.job.id, 'interrupted']])
    await s.jobs.discard(s.job.id)
    expect(await s.jobs.list()).toEqual([])
    expect(await loadJournal(s.dataDir, s.job.id)).toBeUndefined()
    for (const [i, f] of s.files.entries()) expect((await readFile(f)).equals(before[i] as Buffer)).toBe(true)
  })

  it('refuses an unknown job and a running one, which keeps running to its end', async () => {
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    const slow: DataKeyWrapper = {
      wrap: async (r, dk) => (await gate, kms.wrap(r, dk)),
      unwrap: (r, ct) => kms.unwrap(r, ct)
    }
    const s = await setup(slow)
    await expect(s.jobs.discard('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
      appError: { code: 'bad_input', message: expect.stringContaining('No re-encryption job') }
    })
    let finished: (state: string) => void = () => undefined
    const ended = new Promise<string>((r) => (finished = r))
    await s.jobs.resume(s.job.id, { ...quiet, done: (v) => finished(v.state) })
    await expect(s.jobs.discard(s.job.id)).rejects.toMatchObject({
      appError: { code: 'bad_input', message: 'That job is running; it cannot be discarded.' }
    })
    release()
    expect(await ended).toBe('finished')
    expect((await loadJournal(s.dataDir, s.job.id))?.state).toBe('finished')
  })
})
