// `npm test`: every gate and every runner, then one line "N passed, N failed" summed over all.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'

mkdirSync('test-results', { recursive: true })
let passed = 0
let failed = 0
const failures = []

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status === 0
}

/** A gate (type check, lint, build, scan) counts as one test. */
function gate(name, cmd, args) {
  if (run(name, cmd, args)) {
    passed++
  } else {
    failed++
    failures.push(name)
  }
}

/** A test runner's own counts, read from its JSON report. */
function runner(name, cmd, args, report, count, env) {
  const ok = run(name, cmd, args, env)
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

gate('typecheck main/preload/test', 'npx', ['tsc', '-b'])
gate('svelte-check', 'npx', ['svelte-check', '--tsconfig', './src-renderer/tsconfig.json', '--fail-on-warnings', '--threshold', 'warning'])
gate('eslint', 'npx', ['eslint', '.'])
gate('build', 'npx', ['electron-vite', 'build'])
gate('build CLI bundle', 'node', ['bin/build-cli.mjs'])
// The three targets, with the sandboxed preload as one CommonJS file.
gate('build outputs', 'node', ['-e', `
  const fs = require('fs')
  for (const f of ['out/main/index.js', 'out/main/files-worker.js', 'out/preload/index.cjs', 'out/renderer/index.html']) if (!fs.existsSync(f)) throw new Error('missing ' + f)
  const preload = fs.readFileSync('out/preload/index.cjs', 'utf8')
  if (!preload.includes('require("electron")') || /^import /m.test(preload)) throw new Error('out/preload/index.cjs is not a CommonJS bundle')
  // The sandboxed preload needs channel names only (contract/channel-names.ts), never the schemas.
  if (preload.includes('ZodError') || preload.includes('$ZodType')) throw new Error('out/preload/index.cjs bundles zod: import channel-names.ts, not the schemas')
  console.log('out/main, out/preload (CommonJS) and out/renderer are complete')
`])
runner('vitest', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'], 'test-results/vitest.json', vitestCount)
if (existsSync('test/keychain/run.sh')) runner('keychain (Secret Service)', 'bash', ['test/keychain/run.sh'], 'test-results/keychain.json', vitestCount)
runner('playwright web', 'npx', ['playwright', 'test'], 'test-results/playwright.json', pwCount)
gate('electronegativity', 'node', ['test/security/electronegativity-gate.mjs', 'src-main', 'src-preload', 'src-renderer/index.html', 'package.json'])

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
