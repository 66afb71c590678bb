/**
 * CLI start time: the shipped bundle (out/cli/tkms.js, rebuilt first) for `--help` and for `keys
 * list` against a running sandbox (credentials from THALASSA_* variables, so no keychain), next to
 * bare `node -e 0` and to the sources run through tsx (how `tkms` ran before it was bundled).
 * The sandbox runs in a process of its own (`npm run sandbox`), as a user's would: it never shares
 * a CPU-bound event loop with the timing. Runs alternate command by command so machine noise falls
 * on all alike; wall-time medians are printed, with the load average at the start, and the mean CPU
 * time (user + system) of each command, which a busy machine inflates far less than wall time.
 */
import { execFile, execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { loadavg, tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SANDBOX_CREDENTIALS as C } from '../../src-main/sandbox/config'

const RUNS = 15
const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BUNDLE = join(ROOT, 'out', 'cli', 'tkms.js')

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/**
 * CPU time (ms) of this process's ended and awaited children, from Linux's /proc (cutime + cstime,
 * in clock ticks of 10 ms; the kernel sums in nanoseconds, so differences over runs stay exact
 * enough). Undefined elsewhere.
 */
function childCpuMs(): number | undefined {
  if (process.platform !== 'linux') return undefined
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[13]) + Number(fields[14])) * 10
}

export default async function bench(): Promise<string[]> {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build-cli.mjs')], { stdio: 'ignore' })
  const dir = await mkdtemp(join(tmpdir(), 'bench-cli-'))
  const sandbox = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src-main', 'sandbox', 'main.ts'),
      '--port',
      '0',
      '--data-dir',
      join(dir, 'sandbox')
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const url = await sandboxUrl(sandbox)
  const env = {
    PATH: process.env['PATH'],
    HOME: dir,
    TKMS_DATA_DIR: join(dir, 'data'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-bus',
    THALASSA_API_ENDPOINT: url,
    THALASSA_ORGANISATION: C.organisation,
    THALASSA_API_TOKEN: C.adminPat
  }
  const cases: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['tkms --help (bundle)', [BUNDLE, '--help']],
    ['tkms keys list (bundle, sandbox)', [BUNDLE, '--region', 'nl-01', 'keys', 'list']],
    ['tkms --help (sources through tsx)', ['--import', 'tsx', join(ROOT, 'src-main', 'cli', 'main.ts'), '--help']]
  ]
  const times = cases.map(() => [] as number[])
  const cpu = cases.map(() => [] as number[])
  const load = loadavg()[0] ?? NaN
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      for (const [j, [, args]] of cases.entries()) {
        const t = performance.now()
        const c = childCpuMs()
        await run(process.execPath, args, { env, cwd: ROOT })
        const used = c === undefined ? undefined : (childCpuMs() ?? c) - c
        if (i > 0) {
          // The first round warms the page cache.
          times[j]?.push(performance.now() - t)
          if (used !== undefined) cpu[j]?.push(used)
        }
      }
    }
  } finally {
    sandbox.kill('SIGTERM')
    await once(sandbox, 'exit')
    await rm(dir, { recursive: true, force: true })
  }
  const base = median(times[0] ?? [])
  const baseCpu = mean(cpu[0] ?? [])
  return [
    `load average at start: ${load.toFixed(2)}, at the end: ${(loadavg()[0] ?? NaN).toFixed(2)} (${process.platform}, Node.js ${process.versions.node})`,
    ...cases.map(([name], j) => {
      const m = median(times[j] ?? [])
      const c = mean(cpu[j] ?? [])
      const wall = `${m.toFixed(0).padStart(5)} ms wall (median of ${RUNS})${j ? `  ${(m / base).toFixed(1)}× node -e 0, +${(m - base).toFixed(0)} ms` : ''}`
      const used = Number.isNaN(c)
        ? ''
        : `\n${''.padEnd(36)} ${c.toFixed(0).padStart(5)} ms CPU (user + system, mean)${j ? `  +${(c - baseCpu).toFixed(0)} ms` : ''}`
      return `${name.padEnd(36)} ${wall}${used}`
    })
  ]
}

/** The sandbox prints its URL once it listens; fails if it exits first. Its later lines are drained. */
function sandboxUrl(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += String(chunk)
      const m = /listening on (http:\/\/\S+)/.exec(seen)
      if (m?.[1]) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening: ${seen}`)))
  })
}
