import { spawnSync } from 'node:child_process'
import { randomFillSync } from 'node:crypto'
import { mkdir, open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/** What the file benchmarks share: the engine bundled as the app ships it, its runs, random inputs, medians. */

const HERE = fileURLToPath(new URL('.', import.meta.url))

/**
 * Bundles `entry` (a runner in test/bench) as out/main/index.js under `dir`, beside the files worker,
 * the layout the app ships; returns the runner's path. `banner` goes on top of the runner.
 */
export async function bundleEngine(dir: string, entry: string, banner?: string): Promise<string> {
  await mkdir(join(dir, 'out', 'main'), { recursive: true })
  await writeFile(join(dir, 'out', 'package.json'), '{"type":"module"}')
  const common = { bundle: true, platform: 'node' as const, format: 'esm' as const, logLevel: 'silent' as const }
  const runner = join(dir, 'out', 'main', 'index.js')
  await build({
    ...common,
    ...(banner ? { banner: { js: banner } } : {}),
    entryPoints: [join(HERE, entry)],
    outfile: runner
  })
  await build({
    ...common,
    entryPoints: [join(HERE, '../../src-main/services/files/files-worker.ts')],
    outfile: join(dir, 'out', 'main', 'files-worker.js')
  })
  return runner
}

/** One run of files-bench-runner.ts: wall time, CPU (user + kernel, all threads), kernel CPU, peak RSS, minor faults. */
export interface EngineRun {
  ms: number
  cpuMs: number
  sysMs: number
  maxRssKiB: number
  minFlt: number
}

export function runEngine(
  runner: string,
  env: NodeJS.ProcessEnv,
  op: 'encrypt' | 'decrypt',
  input: string,
  output: string
): EngineRun {
  const r = spawnSync(process.execPath, [runner, op, input, output], { env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`engine ${op} failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as EngineRun
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  if (s.length === 0) return NaN
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

export async function randomFile(path: string, size: number): Promise<void> {
  const h = await open(path, 'w')
  const buf = Buffer.allocUnsafe(16 << 20)
  for (let done = 0; done < size; done += buf.length) {
    randomFillSync(buf)
    await h.write(buf, 0, Math.min(buf.length, size - done))
  }
  await h.close()
}
