// The Electronegativity gate's own negative test: run on an app with node integration and no context
// isolation (test/fixtures/insecure-app), the gate must fail and name the finding. It runs beside the
// other gates in `npm test` (test/run-all.mjs), not in Vitest: the tool spends about 12 s waiting on
// its own start and network retries, which left a Vitest worker idle.
import { spawnSync } from 'node:child_process'

const r = spawnSync(
  process.execPath,
  ['test/security/electronegativity-gate.mjs', 'test/fixtures/insecure-app', 'package.json'],
  { encoding: 'utf8', timeout: 300_000 }
)
const problems = []
if (r.status !== 1) problems.push(`exit status ${r.status} (want 1: the gate must fail)`)
if (!r.stdout.includes('HIGH CONTEXT_ISOLATION_JS_CHECK')) problems.push('no HIGH CONTEXT_ISOLATION_JS_CHECK finding')
if (!/[1-9]\d* finding\(s\) of medium severity or above/.test(r.stdout)) problems.push('no count of serious findings')
if (problems.length > 0) {
  console.log(r.stdout + r.stderr)
  console.log(`electronegativity gate on an insecure app: ${problems.join('; ')}`)
  process.exit(1)
}
console.log('electronegativity gate on an insecure app: fails, naming HIGH CONTEXT_ISOLATION_JS_CHECK')
