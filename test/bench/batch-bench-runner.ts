/**
 * Child-process side of batch.bench.ts: runs one batch (every file of a folder) through the app's
 * Files queue against a KMS endpoint, and prints its time and outcome. Bundled by the bench next
 * to the bundled worker, the way the app ships it.
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileOperation } from '@contract/schemas/files'
import { closeSharedPool, kmsDataKeyWrapper, sharedPool } from '../../src-main/services/files'
import { PathValidator } from '../../src-main/services/files/input-paths'
import { FileJobs } from '../../src-main/services/file-jobs/jobs'
import { KmsClient } from '../../src-main/services/kms/client'
import type { SigningKms } from '../../src-main/services/signing'

const [op, inDir, outDir, endpoint, organisation, token, recipientsJson, concurrency] = process.argv.slice(2)
const client = new KmsClient({
  endpoint: endpoint ?? '',
  organisation: organisation ?? '',
  auth: { authorization: async () => `Token ${token ?? ''}` }
})
const names = (await readdir(inDir ?? '')).sort()
// Sizes as the app's path validation reports them (the queue schedules small files differently).
const files = await Promise.all(
  names.map(async (n) => ({ path: join(inDir ?? '', n), relative: n, size: (await stat(join(inDir ?? '', n))).size }))
)
const jobs = new FileJobs({
  wrapper: kmsDataKeyWrapper(async () => client),
  signing: {} as SigningKms,
  paths: new PathValidator({ dataDir: outDir ?? '' }),
  concurrency: () => Number(concurrency ?? 2),
  record: async () => undefined
})
await sharedPool().prewarm()
let ok = 0
let failed = 0
const cpu0 = process.cpuUsage()
const t0 = performance.now()
jobs.submit(
  {
    operation: op as FileOperation,
    hash: 'sha256',
    overwrite: false,
    storeName: false,
    outputDir: outDir ?? '',
    ...(op === 'encrypt' ? { recipients: JSON.parse(recipientsJson ?? '[]') } : {})
  },
  files,
  { progress: () => undefined, done: (v) => void (v.state === 'ok' ? ok++ : failed++) }
)
await jobs.idle()
const ms = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
await closeSharedPool()
await client.close()
process.stdout.write(
  JSON.stringify({
    ms,
    ok,
    failed,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sysMs: cpu.system / 1000,
    maxRssKiB: process.resourceUsage().maxRSS
  })
)
