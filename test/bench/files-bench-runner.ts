/**
 * Child-process side of files.bench.ts: runs one engine operation and prints its time and the
 * process's peak RSS (worker threads included), so the measurement is the engine's own.
 * Bundled by the bench with esbuild next to the bundled worker, the way the app ships it.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import {
  closeSharedPool,
  decryptFile,
  encryptFile,
  sharedPool,
  type DataKeyWrapper
} from '../../src-main/services/files'

// A local AES-GCM "KMS" whose key comes from the parent, so separate runs can open each other's files.
const kek = Buffer.from(process.env.BENCH_KEK ?? '', 'hex')
const wrapper: DataKeyWrapper = {
  async wrap(_r, dataKey) {
    const nonce = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', kek, nonce)
    return `thalassa:v1:${Buffer.concat([nonce, c.update(dataKey), c.final(), c.getAuthTag()]).toString('base64')}`
  },
  async unwrap(_r, s) {
    const b = Buffer.from(s.slice('thalassa:v1:'.length), 'base64')
    const d = createDecipheriv('aes-256-gcm', kek, b.subarray(0, 12))
    d.setAuthTag(b.subarray(b.length - 16))
    return Buffer.concat([d.update(b.subarray(12, b.length - 16)), d.final()])
  }
}

const [op, input, output] = process.argv.slice(2)
const recipient = { region: 'nl-01', identity: 'kms-bench', slug: 'bench' }
// A running app keeps its workers warm; start them before the clock does.
await sharedPool().prewarm()
const cpu0 = process.cpuUsage()
const t0 = performance.now()
if (op === 'encrypt') await encryptFile({ input: input ?? '', output: output ?? '', recipients: [recipient], wrapper })
else await decryptFile({ input: input ?? '', output: output ?? '', wrapper })
const ms = performance.now() - t0
await closeSharedPool()
const cpu = process.cpuUsage(cpu0)
// CPU time of the operation (all threads, user + kernel) is far less sensitive than wall time to a busy machine.
process.stdout.write(
  JSON.stringify({
    ms,
    maxRssKiB: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
    sysMs: cpu.system / 1000,
    minFlt: process.resourceUsage().minorPageFault,
    majFlt: process.resourceUsage().majorPageFault
  })
)
