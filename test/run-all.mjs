// `npm test`: every gate and every runner, then one line "N passed, N failed" summed over all, after
// the time each stage took. The gates (tsc, svelte-check, eslint) and the builds run two at a time,
// the stages that mostly wait beside them; the two large runners (vitest, Playwright) then run one
// after the other. docs/testing.md gives the measurements behind this order.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism } from 'node:os'

mkdirSync('test-results', { recursive: true })
const started = performance.now()
let passed = 0
let failed = 0
const failures = []
const times = []
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`

/** Runs one command; output is passed through, or held and printed whole when others run beside it. */
function run(name, cmd, args, { env = {}, buffered = false } = {}) {
  const t0 = performance.now()
  if (!buffered) console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`)
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env }
    })
    const out = []
    child.stdout?.on('data', (d) => out.push(d))
    child.stderr?.on('data', (d) => out.push(d))
    const done = (ok) => {
      const ms = performance.now() - t0
      times.push([name, ms])
      if (buffered)
        console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}\n${Buffer.concat(out).toString('utf8').trimEnd()}`)
      console.log(`--- ${name}: ${ok ? 'ok' : 'FAILED'} in ${seconds(ms)}`)
      resolve(ok)
    }
    child.on('error', (e) => (out.push(Buffer.from(String(e))), done(false)))
    child.on('close', (code) => done(code === 0))
  })
}

/**
 * A package's command and its arguments, run by node straight from its package.json "bin", as `npx`
 * would run it without starting npm first (about 0.6 s of CPU per command):
 * gate('eslint', ...bin('eslint', ['.'])).
 */
function bin(pkg, args, name = pkg) {
  const { bin: entry } = JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8'))
  return [process.execPath, [`node_modules/${pkg}/${typeof entry === 'string' ? entry : entry[name]}`, ...args]]
}

/** A gate (type check, lint, build, scan) counts as one test. */
async function gate(name, cmd, args, o) {
  if (await run(name, cmd, args, o)) {
    passed++
  } else {
    failed++
    failures.push(name)
  }
}

/** Runs the tasks at most `limit` at a time, in the order given (put the longest first). */
async function pool(limit, tasks) {
  const queue = [...tasks]
  const lane = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) await t()
  }
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, lane))
}

/** A test runner's own counts, read from its JSON report (a stale report never stands in for a run). */
async function runner(name, cmd, args, report, count, env, buffered = false) {
  rmSync(report, { force: true })
  const ok = await run(name, cmd, args, { env, buffered })
  if (!existsSync(report)) {
    failed++
    failures.push(`${name} (no report)`)
    return
  }
  const c = count(JSON.parse(readFileSync(report, 'utf8')))
  passed += c.passed
  failed += c.failed
  if (c.failed > 0 || !ok) failures.push(name)
  if (!ok && c.failed === 0) failed++
}

const vitestCount = (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) })
const pwCount = (r) => ({ passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected })

const buffered = true
// Two kinds of stage: those that keep a core busy (two at a time on 2 cores), and those that mostly
// wait (Electronegativity on its own start, about 1 s of CPU in 12 s, run on the app and on an
// insecure one; the keychain suite on its D-Bus session), which run beside them.
const waiting = async () => {
  if (existsSync('test/keychain/run.sh'))
    await runner(
      'keychain (Secret Service)',
      'bash',
      ['test/keychain/run.sh'],
      'test-results/keychain.json',
      vitestCount,
      {},
      buffered
    )
  await gate(
    'electronegativity',
    'node',
    ['test/security/electronegativity-gate.mjs', 'src-main', 'src-preload', 'src-renderer/index.html', 'package.json'],
    { buffered }
  )
  // The same gate must fail on an insecure app (its negative test; as long a wait again).
  await gate('electronegativity refuses an insecure app', 'node', ['test/security/electronegativity-refuses.mjs'], {
    buffered
  })
}
await Promise.all([
  waiting(),
  // Longest first (fresh clone, 2 cores: ESLint ~30 s, tsc ~26 s without its build info, svelte-check
  // ~17 s, the builds ~8 s), so the two lanes end close together.
  pool(Math.max(2, Math.min(4, availableParallelism())), [
    () => gate('eslint', ...bin('eslint', ['.']), { buffered }),
    () => gate('typecheck main/preload/test', ...bin('typescript', ['-b'], 'tsc'), { buffered }),
    () =>
      gate(
        'svelte-check',
        ...bin('svelte-check', [
          '--tsconfig',
          './src-renderer/tsconfig.json',
          '--fail-on-warnings',
          '--threshold',
          'warning'
        ]),
        { buffered }
      ),
    async () => {
      await gate('build', ...bin('electron-vite', ['build']), { buffered })
      await gate('build CLI bundle', 'node', ['bin/build-cli.mjs'], { buffered })
    }
  ])
])
// The three targets, with the sandboxed preload as one CommonJS file.
await gate('build outputs', 'node', [
  '-e',
  `
  const fs = require('fs')
  for (const f of ['out/main/index.js', 'out/main/files-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html']) if (!fs.existsSync(f)) throw new Error('missing ' + f)
  const preload = fs.readFileSync('out/preload/index.cjs', 'utf8')
  if (!preload.includes('require("electron")') || /^import /m.test(preload)) throw new Error('out/preload/index.cjs is not a CommonJS bundle')
  // The sandboxed preload needs channel names only (contract/channel-names.ts), never the schemas.
  if (preload.includes('ZodError') || preload.includes('$ZodType')) throw new Error('out/preload/index.cjs bundles zod: import channel-names.ts, not the schemas')
  console.log('out/main, out/preload (CommonJS) and out/renderer are complete')
`
])
// The two large suites run one after the other, each filling both cores: run side by side they took
// longer in all (2 cores, quiet machine: 356 s against 321 s; docs/testing.md).
// The CLI bundle was just built above: vitest's global setup need not build it again.
await runner(
  'vitest',
  ...bin('vitest', ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']),
  'test-results/vitest.json',
  vitestCount,
  { TKMS_CLI_BUNDLE_FRESH: '1' }
)
await runner(
  'playwright web',
  ...bin('@playwright/test', ['test'], 'playwright'),
  'test-results/playwright.json',
  pwCount
)

console.log('\nDuration per stage (stages in parallel overlap):')
for (const [name, ms] of times) console.log(`  ${seconds(ms).padStart(8)}  ${name}`)
console.log(`  ${seconds(performance.now() - started).padStart(8)}  whole run`)
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
