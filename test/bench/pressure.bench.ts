import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { bootstrapInterval, type Groups } from './bootstrap'
import { bundleEngine, median, randomFile, runEngine, type EngineRun } from './engine-bundle'

/*
 * Encrypt and decrypt, each quiet and right after a heavy job (page-cache pressure), alternating in
 * one run. "Quiet": the input is in the page cache and nothing else ran just before. "Pressure":
 * just before the timed run, a heavy job writes and reads back a file of BENCH_PRESSURE_FILL_MB
 * (default half the RAM) and deletes it, and the page cache is dropped when
 * /proc/sys/vm/drop_caches is writable: the run reads its input from disk and allocates its output
 * from memory just reclaimed. Prints MB/s, CPU, kernel CPU, minor page faults and peak RSS per case,
 * each direction's pressure/quiet ratio of MB/s and of CPU, and decrypt's ratio over encrypt's (the
 * target: no more than encrypt).
 * Size BENCH_PRESSURE_MB (default 1024), repetitions BENCH_REPS (default 3).
 */
const MB = 1e6
const SIZE = Number(process.env.BENCH_PRESSURE_MB ?? 1024) * 2 ** 20
const FILL = Number(process.env.BENCH_PRESSURE_FILL_MB ?? Math.floor(totalmem() / 2 / 2 ** 20)) * 2 ** 20
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3))

type Run = Pick<EngineRun, 'ms' | 'cpuMs' | 'sysMs' | 'minFlt' | 'maxRssKiB'>

function dropCaches(): boolean {
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1')
    return true
  } catch {
    return false
  }
}

export default async function pressureBench(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tkms-pressure-'))
  try {
    const runner = await bundleEngine(dir, 'files-bench-runner.ts')
    const env = { ...process.env, BENCH_KEK: randomBytes(32).toString('hex') }
    const o = (n: string): string => join(dir, n)
    const engine = (op: 'encrypt' | 'decrypt', input: string, output: string): Run => {
      const j = runEngine(runner, env, op, input, output)
      if (process.env.BENCH_DEBUG)
        process.stderr.write(`${op} ${JSON.stringify(j)} load ${(loadavg()[0] ?? 0).toFixed(1)}\n`)
      return j
    }
    let dropped = false
    const heavyJob = (): void => {
      // Write and read back a large file (the page cache fills), delete it, drop the cache.
      execFileSync('sh', [
        '-c',
        'head -c "$1" /dev/zero | tr "\\000" "x" > "$0" && cat "$0" > /dev/null && rm "$0"',
        o('fill.bin'),
        String(FILL)
      ])
      execFileSync('sync')
      dropped = dropCaches()
    }
    const quiet = (input: string): void => {
      execFileSync('sync')
      execFileSync('sh', ['-c', 'cat "$0" > /dev/null', input])
    }
    await randomFile(o('big.bin'), SIZE)
    engine('encrypt', o('big.bin'), o('e.tkms'))
    const load0 = loadavg()[0] ?? 0
    const runs: Record<string, Run[]> = { encQ: [], encP: [], decQ: [], decP: [] }
    for (let i = 0; i < REPS; i++) {
      const cases = i % 2 === 0 ? ['encQ', 'decQ', 'encP', 'decP'] : ['decP', 'encP', 'decQ', 'encQ']
      for (const c of cases) {
        const enc = c.startsWith('enc')
        const input = enc ? o('big.bin') : o('e.tkms')
        if (c.endsWith('P')) heavyJob()
        else quiet(input)
        runs[c]?.push(engine(enc ? 'encrypt' : 'decrypt', input, o('out.bin')))
        await rm(o('out.bin'), { force: true })
      }
    }
    const rate = (c: string): number => SIZE / MB / (median((runs[c] ?? []).map((r) => r.ms)) / 1000)
    const med = (c: string, k: Exclude<keyof Run, 'ms'>): number => median((runs[c] ?? []).map((r) => r[k]))
    const line = (c: string): string =>
      `${rate(c).toFixed(0).padStart(5)} MB/s (cpu ${(med(c, 'cpuMs') / 1000).toFixed(2)} s, kernel ${(med(c, 'sysMs') / 1000).toFixed(2)} s, ${med(c, 'minFlt')} minor faults, peak RSS ${(med(c, 'maxRssKiB') / 1024).toFixed(0)} MiB)`
    const encRatio = rate('encP') / rate('encQ')
    const decRatio = rate('decP') / rate('decQ')
    const cpuRatio = (d: string): number => med(`${d}P`, 'cpuMs') / med(`${d}Q`, 'cpuMs')
    // Decrypt's pressure/quiet ratio over encrypt's, from run times: 1 means it degrades as encrypt does.
    const keeps = (g: Groups): number =>
      median([...(g.decQ ?? [])]) /
      median([...(g.decP ?? [])]) /
      (median([...(g.encQ ?? [])]) / median([...(g.encP ?? [])]))
    const [lo, hi] = bootstrapInterval(
      Object.fromEntries(Object.entries(runs).map(([c, rs]) => [c, rs.map((r) => r.ms)])),
      keeps
    )
    const verdict =
      lo > 1 ? 'decrypt degrades less' : hi < 1 ? 'decrypt degrades MORE than encrypt' : 'within the run-to-run noise'
    const secs = (c: string): string => (runs[c] ?? []).map((r) => (r.ms / 1000).toFixed(2)).join(' ')
    return [
      `pressure: ${SIZE / 2 ** 20} MiB, heavy job ${FILL / 2 ** 20} MiB written, read and deleted before each pressure run${dropped ? ', page cache dropped' : ' (drop_caches not writable)'}; ${REPS} alternating repetitions, medians; load average ${load0.toFixed(1)} -> ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores`,
      `  encrypt quiet ${line('encQ')} | after a heavy job ${line('encP')} | ratio ${encRatio.toFixed(2)}`,
      `  decrypt quiet ${line('decQ')} | after a heavy job ${line('decP')} | ratio ${decRatio.toFixed(2)}`,
      `  decrypt keeps ${(decRatio / encRatio).toFixed(2)} of what encrypt keeps under pressure (target >= 1.00 within noise), 90% bootstrap interval ${lo.toFixed(2)}–${hi.toFixed(2)}: ${verdict}; decrypt/encrypt quiet ${(rate('decQ') / rate('encQ')).toFixed(2)}, under pressure ${(rate('decP') / rate('encP')).toFixed(2)}`,
      `  CPU pressure/quiet (the comparable figure on a busy machine): encrypt ${cpuRatio('enc').toFixed(2)}, decrypt ${cpuRatio('dec').toFixed(2)}`,
      `  seconds per run: enc quiet ${secs('encQ')} | pressure ${secs('encP')} | dec quiet ${secs('decQ')} | pressure ${secs('decP')}`
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
