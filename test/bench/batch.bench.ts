import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { randomFillSync } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { SANDBOX_CREDENTIALS as C, defaultConfig, startSandbox } from '../../src-main/sandbox'
import { KmsClient } from '../../src-main/services/kms/client'
import { bundleEngine } from './engine-bundle'

/*
 * Batch benchmark: folders of many small files, two recipient keys, against the sandbox KMS with
 * 30 ms injected latency per call (its fault settings), through the app's Files queue (bundled as
 * shipped, run in a child process); side by side with `age` run once per file in a shell loop (how
 * people script it) and `tar | age` on the same folder (one archive, for reference). KMS calls are
 * counted where they arrive, at the sandbox. The engine fsyncs every output before its rename; the
 * peers do not (see files.bench.ts for that difference on large files).
 * Sizes: BENCH_BATCH_SMALL (default 10000 files of 4 KiB), BENCH_BATCH_MEDIUM (default 1000 files of
 * 256 KiB); file concurrency BENCH_BATCH_CONCURRENCY (default 2, the app's default); KMS latency
 * BENCH_KMS_LATENCY_MS (default 30). To iterate on the engine alone: BENCH_BATCH_PEERS=0 skips the
 * age runs; BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each engine run there; BENCH_NODE_ARGS adds
 * Node options to the engine's process (e.g. --trace-gc).
 */
const SMALL = Number(process.env.BENCH_BATCH_SMALL ?? 10_000)
const MEDIUM = Number(process.env.BENCH_BATCH_MEDIUM ?? 1000)
const CONCURRENCY = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 2)
const LATENCY = Number(process.env.BENCH_KMS_LATENCY_MS ?? 30)
const PEERS = process.env.BENCH_BATCH_PEERS !== '0'
const PROF = process.env.BENCH_CPU_PROF
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)

interface Run {
  ms: number
  cpuMs?: number
  sysMs?: number
  kmsCalls?: number
}

function shell(script: string, ...args: string[]): Run {
  execFileSync('sync')
  const t = performance.now()
  const r = spawnSync('sh', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`)
  return { ms: performance.now() - t }
}

async function folder(dir: string, count: number, size: number): Promise<void> {
  await mkdir(dir, { recursive: true })
  const buf = Buffer.allocUnsafe(size)
  for (let i = 0; i < count; i++) {
    randomFillSync(buf)
    await writeFile(join(dir, `f${String(i).padStart(6, '0')}.bin`), buf)
  }
}

export default async function batchBench(): Promise<string[]> {
  if (spawnSync('sh', ['-c', 'command -v age && command -v age-keygen && command -v tar']).status !== 0)
    return ['batch: skipped, `age` is not installed (apt-get install -y age)']
  const dir = await mkdtemp(join(tmpdir(), 'tkms-batch-bench-'))
  const sandbox = await startSandbox({
    dataDir: join(dir, 'sandbox'),
    port: 0,
    schedulerIntervalMs: 0,
    config: { faults: { ...defaultConfig().faults, latencyMs: LATENCY } }
  })
  const client = new KmsClient({
    endpoint: sandbox.url,
    organisation: C.organisation,
    auth: { authorization: async () => `Token ${C.adminPat}` }
  })
  try {
    // The KMS client's CommonJS dependencies (undici) call require() for Node's built-ins.
    const banner =
      "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);"
    const runner = await bundleEngine(dir, 'batch-bench-runner.ts', banner)
    const a = await client.createKey('nl-01', { name: 'bench-primary', keyType: 'aes256-gcm96' })
    const b = await client.createKey('nl-02', { name: 'bench-escrow', keyType: 'aes256-gcm96' })
    const recipients = JSON.stringify([
      { region: 'nl-01', identity: a.identity, slug: a.slug },
      { region: 'nl-02', identity: b.identity, slug: b.slug }
    ])
    const keyFile = join(dir, 'age.key')
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' })
    const r1 = execFileSync('age-keygen', ['-y', keyFile]).toString().trim()
    const key2 = join(dir, 'age2.key')
    execFileSync('age-keygen', ['-o', key2], { stdio: 'ignore' })
    const r2 = execFileSync('age-keygen', ['-y', key2]).toString().trim()

    // Asynchronous: the sandbox answering the child's KMS calls runs in this process.
    const engine = async (op: 'encrypt' | 'decrypt', inDir: string, outDir: string, count: number): Promise<Run> => {
      execFileSync('sync')
      const before = sandbox.requests()[op] ?? 0
      const r = await promisify(execFile)(
        process.execPath,
        [
          ...(PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROF}`] : []),
          ...NODE_ARGS,
          runner,
          op,
          inDir,
          outDir,
          sandbox.url,
          C.organisation,
          C.adminPat,
          recipients,
          String(CONCURRENCY)
        ],
        { encoding: 'utf8', maxBuffer: 1 << 20 }
      )
      // The result is the last line; Node options such as --trace-gc print before it (kept in the bench's temp folder's parent).
      const out = r.stdout.trimEnd().split('\n')
      if (out.length > 1) await writeFile(join(tmpdir(), `tkms-batch-bench-${op}.log`), out.slice(0, -1).join('\n'))
      const j = JSON.parse(out.at(-1) ?? '') as { ms: number; ok: number; failed: number; cpuMs: number; sysMs: number }
      if (j.ok !== count) throw new Error(`engine ${op}: ${j.ok} of ${count} files succeeded`)
      return { ms: j.ms, cpuMs: j.cpuMs, sysMs: j.sysMs, kmsCalls: (sandbox.requests()[op] ?? 0) - before }
    }

    // Each line also goes to stderr as soon as it is known: a long run interrupted still leaves its first results.
    const lines: string[] = []
    const say = (...ls: string[]): void => {
      lines.push(...ls)
      for (const l of ls) process.stderr.write(`${l}\n`)
    }
    say(
      `batch: two recipients, KMS latency ${LATENCY} ms (sandbox faults), file concurrency ${CONCURRENCY}; load average ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores`
    )
    for (const [count, size] of [
      [SMALL, 4096],
      [MEDIUM, 256 * 1024]
    ] as const) {
      if (count <= 0) continue
      const set = join(dir, `set-${count}`)
      const src = join(set, 'plain')
      await folder(src, count, size)
      for (const d of ['enc', 'dec', 'age', 'agedec', 'untar']) await mkdir(join(set, d))
      const encE = await engine('encrypt', src, join(set, 'enc'), count)
      const decE = await engine('decrypt', join(set, 'enc'), join(set, 'dec'), count)
      const fps = (r: Run) => count / (r.ms / 1000)
      const f = (r: Run) => `${fps(r).toFixed(0).padStart(6)} files/s`
      const x = (e: Run, p: Run) => `${(fps(e) / fps(p)).toFixed(2)}x`
      const wrapCap = 2 * Math.ceil(count / 10_000)
      const cpu = (r: Run) =>
        `${((r.cpuMs ?? 0) / 1000).toFixed(1)} s of which kernel ${((r.sysMs ?? 0) / 1000).toFixed(1)} s`
      const unwrapCap = Math.ceil(count / 10_000)
      say(
        `  ${count} x ${size >> 10} KiB:`,
        `    engine   encrypt ${f(encE)} (cpu ${cpu(encE)}, KMS encrypt calls ${encE.kmsCalls}, cap ${wrapCap}) | decrypt ${f(decE)} (cpu ${cpu(decE)}, KMS decrypt calls ${decE.kmsCalls}, cap ${unwrapCap})`
      )
      if (PEERS) {
        const loop = 'cd "$0" && for f in *; do age -r "$1" -r "$2" -o "$3/$f.age" "$f" || exit 1; done'
        const encA = shell(loop, src, r1, r2, join(set, 'age'))
        const decA = shell(
          'cd "$0" && for f in *; do age -d -i "$1" -o "$2/${f%.age}" "$f" || exit 1; done',
          join(set, 'age'),
          keyFile,
          join(set, 'agedec')
        )
        const encT = shell('tar -C "$0" -cf - . | age -r "$1" -r "$2" -o "$3"', src, r1, r2, join(set, 'all.tar.age'))
        const decT = shell(
          'age -d -i "$0" "$1" | tar -C "$2" -xf -',
          keyFile,
          join(set, 'all.tar.age'),
          join(set, 'untar')
        )
        say(
          `    age loop encrypt ${f(encA)} | decrypt ${f(decA)}   (one age process per file, no fsync)`,
          `    tar|age  encrypt ${f(encT)} | decrypt ${f(decT)}   (one archive, no fsync)`,
          `    engine / age loop: encrypt ${x(encE, encA)}, decrypt ${x(decE, decA)}; engine / tar|age: encrypt ${x(encE, encT)}, decrypt ${x(decE, decT)}`
        )
        if (size === 4096) {
          const ok =
            fps(encE) >= 1000 &&
            fps(decE) >= 1000 &&
            fps(encE) / fps(encA) >= 3 &&
            fps(decE) / fps(decA) >= 3 &&
            (encE.kmsCalls ?? 0) <= wrapCap &&
            (decE.kmsCalls ?? 0) <= unwrapCap
          say(
            `    target (>= 1000 files/s both ways, >= 3x the age loop, KMS calls <= recipients x ceil(files/N) and <= distinct data keys): ${ok ? 'meets target' : 'BELOW TARGET'}`
          )
        }
      }
      await rm(set, { recursive: true, force: true })
    }
    say(`  load average after: ${(loadavg()[0] ?? 0).toFixed(1)}`)
    return lines
  } finally {
    await client.close()
    await sandbox.close()
    await rm(dir, { recursive: true, force: true })
  }
}
