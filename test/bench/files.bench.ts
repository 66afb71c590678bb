import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes, randomFillSync } from 'node:crypto'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/*
 * File encryption benchmark: the engine (bundled as the app ships it, fake local KMS) against
 * `age -r <X25519>` and `cat file > copy`, alternating in one run, several repetitions, medians.
 * Engine time is the operation itself (a running app does not start Node per file), including its
 * fsync; `cat` is also shown followed by `sync` of the copy for a like-for-like durability line.
 * Every timed run starts after a `sync`, so none pays for the previous run's writeback.
 * Sizes: BENCH_FILES_MB (default 1024), repetitions: BENCH_REPS (default 5).
 */
const MB = 1e6
const SIZE = Number(process.env.BENCH_FILES_MB ?? 1024) << 20
const SMALL = 10 << 20
const REPS = Number(process.env.BENCH_REPS ?? 5)
const HERE = fileURLToPath(new URL('.', import.meta.url))

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

async function randomFile(path: string, size: number): Promise<void> {
  const h = await open(path, 'w')
  const buf = Buffer.allocUnsafe(16 << 20)
  for (let done = 0; done < size; done += buf.length) {
    randomFillSync(buf)
    await h.write(buf, 0, Math.min(buf.length, size - done))
  }
  await h.close()
}

/** Flushes earlier runs' dirty pages first, so no tool pays for another's writeback. */
function settle(): void {
  execFileSync('sync')
}

function timed(cmd: string, args: string[]): number {
  settle()
  const t = performance.now()
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr?.toString()}`)
  return performance.now() - t
}

export default async function filesBench(): Promise<string[]> {
  const which = spawnSync('sh', ['-c', 'command -v age && command -v age-keygen'])
  if (which.status !== 0) return ['files: skipped, `age` is not installed (apt-get install -y age)']
  const dir = await mkdtemp(join(tmpdir(), 'tkms-bench-'))
  try {
    await mkdirp(join(dir, 'out', 'main'))
    await writeFile(join(dir, 'out', 'package.json'), '{"type":"module"}')
    const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, logLevel: 'silent' as const }
    await build({ ...common, entryPoints: [join(HERE, 'files-bench-runner.ts')], outfile: join(dir, 'out', 'main', 'index.js') })
    await build({ ...common, entryPoints: [join(HERE, '../../src-main/services/files/files-worker.ts')], outfile: join(dir, 'out', 'main', 'files-worker.js') })
    const runner = join(dir, 'out', 'main', 'index.js')
    const env = { ...process.env, BENCH_KEK: randomBytes(32).toString('hex') }
    const engine = (op: 'encrypt' | 'decrypt', input: string, output: string): { ms: number; rssMiB: number } => {
      settle()
      const r = spawnSync(process.execPath, [runner, op, input, output], { env, encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`engine ${op} failed: ${r.stderr}`)
      const j = JSON.parse(r.stdout) as { ms: number; maxRssKiB: number }
      return { ms: j.ms, rssMiB: j.maxRssKiB / 1024 }
    }
    const keyFile = join(dir, 'age.key')
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' })
    const recipient = execFileSync('age-keygen', ['-y', keyFile]).toString().trim()

    const big = join(dir, 'big.bin')
    const small = join(dir, 'small.bin')
    await randomFile(big, SIZE)
    await randomFile(small, SMALL)
    const o = (n: string): string => join(dir, n)
    const clean = async (...names: string[]): Promise<void> => {
      for (const n of names) await rm(o(n), { force: true })
    }
    execFileSync('sh', ['-c', `cat "$0" > /dev/null`, big]) // warm the page cache for everyone

    const t: Record<string, number[]> = { encE: [], decE: [], encA: [], decA: [], cat: [], catSync: [], rssEncBig: [], rssDecBig: [], rssEncSmall: [], rssDecSmall: [] }
    for (let i = 0; i < REPS; i++) {
      await clean('e.tkms', 'e.dec', 'a.age', 'a.dec', 'copy', 'copy2', 's.tkms', 's.dec')
      const order = i % 2 === 0 ? ['engine', 'age', 'cat'] : ['cat', 'age', 'engine']
      for (const who of order) {
        if (who === 'engine') {
          const e = engine('encrypt', big, o('e.tkms'))
          const d = engine('decrypt', o('e.tkms'), o('e.dec'))
          t.encE?.push(e.ms)
          t.decE?.push(d.ms)
          t.rssEncBig?.push(e.rssMiB)
          t.rssDecBig?.push(d.rssMiB)
          t.rssEncSmall?.push(engine('encrypt', small, o('s.tkms')).rssMiB)
          t.rssDecSmall?.push(engine('decrypt', o('s.tkms'), o('s.dec')).rssMiB)
          await clean('e.tkms', 'e.dec', 's.tkms', 's.dec')
        } else if (who === 'age') {
          t.encA?.push(timed('age', ['-r', recipient, '-o', o('a.age'), big]))
          t.decA?.push(timed('age', ['-d', '-i', keyFile, '-o', o('a.dec'), o('a.age')]))
          await clean('a.age', 'a.dec')
        } else {
          t.cat?.push(timed('sh', ['-c', 'cat "$0" > "$1"', big, o('copy')]))
          t.catSync?.push(timed('sh', ['-c', 'cat "$0" > "$1" && sync "$1"', big, o('copy2')]))
          await clean('copy', 'copy2')
        }
      }
    }
    const rate = (ms: number[]): number => SIZE / MB / (median(ms) / 1000)
    const m = (k: string): number => median(t[k] ?? [])
    const ok = (b: boolean): string => (b ? 'meets target' : 'BELOW TARGET')
    const encR = rate(t.encE ?? [])
    const decR = rate(t.decE ?? [])
    const rssBig = Math.max(m('rssEncBig'), m('rssDecBig'))
    const rssSmall = Math.max(m('rssEncSmall'), m('rssDecSmall'))
    return [
      `files: ${SIZE >> 20} MiB random file, ${REPS} alternating repetitions, medians (MB = 10^6 bytes)`,
      `  engine encrypt ${encR.toFixed(0)} MB/s | decrypt ${decR.toFixed(0)} MB/s   (AES-256-GCM STREAM, 1 MiB chunks, worker threads, incl. fsync)`,
      `  age    encrypt ${rate(t.encA ?? []).toFixed(0)} MB/s | decrypt ${rate(t.decA ?? []).toFixed(0)} MB/s   (X25519 recipient)`,
      `  cat file > copy ${rate(t.cat ?? []).toFixed(0)} MB/s | cat + sync ${rate(t.catSync ?? []).toFixed(0)} MB/s`,
      `  ratio encrypt/age ${(encR / rate(t.encA ?? [])).toFixed(2)}x, decrypt/age ${(decR / rate(t.decA ?? [])).toFixed(2)}x (target >= 1.5x): ${ok(encR / rate(t.encA ?? []) >= 1.5)}`,
      `  ratio encrypt/cat ${(encR / rate(t.cat ?? [])).toFixed(2)}x, decrypt/cat ${(decR / rate(t.cat ?? [])).toFixed(2)}x (target >= 0.7x): ${ok(Math.min(encR, decR) / rate(t.cat ?? []) >= 0.7)}; vs cat+sync ${(encR / rate(t.catSync ?? [])).toFixed(2)}x / ${(decR / rate(t.catSync ?? [])).toFixed(2)}x`,
      `  peak RSS ${SIZE >> 20} MiB ${rssBig.toFixed(0)} MiB vs 10 MiB ${rssSmall.toFixed(0)} MiB: ratio ${(rssBig / rssSmall).toFixed(2)} (target <= 1.2, < 150 MiB): ${ok(rssBig / rssSmall <= 1.2 && rssBig < 150)}`
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function mkdirp(p: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises')
  await mkdir(p, { recursive: true })
}
