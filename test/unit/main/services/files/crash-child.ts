/**
 * Child side of group-commit.test.ts: encrypts every file of a folder through the Files queue
 * (small files many at a time, group-committed) and prints each output as its job reports it done.
 * The test kills this process with SIGKILL part-way. The data key is "wrapped" reversibly here so
 * the test can open the outputs without this process.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { PathValidator } from '../../../../../src-main/services/files/input-paths'
import { FileJobs } from '../../../../../src-main/services/file-jobs/jobs'
import type { SigningKms } from '../../../../../src-main/services/signing'
import { KEY_A } from '../file-helpers'
import { plainWrapper } from './plain-wrapper'

const [src = '', out = '', appData = ''] = process.argv.slice(2)
const names = (await readdir(src)).sort()
const jobs = new FileJobs({
  wrapper: plainWrapper,
  signing: {} as SigningKms,
  paths: new PathValidator({ dataDir: appData }),
  concurrency: () => 2,
  record: async () => undefined
})
jobs.submit(
  { operation: 'encrypt', recipients: [KEY_A], hash: 'sha256', overwrite: false, storeName: false, outputDir: out },
  names.map((n) => ({ path: join(src, n), relative: n, size: 4096 })),
  { progress: () => undefined, done: (v) => void (v.state === 'ok' && process.stdout.write(`${v.output}\n`)) }
)
await jobs.idle()
