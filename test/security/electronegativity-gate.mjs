// Runs Electronegativity (through npx, so its old dependency tree stays out of the app) on the given
// folders/files and fails when any finding is MEDIUM or above. Usage: node electronegativity-gate.mjs <path>...
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'

/** Splits one CSV row, honouring double-quoted fields (the CSP sample contains commas and quotes). */
function splitCsv(row) {
  const cells = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < row.length; i++) {
    const ch = row[i]
    if (quoted && ch === '"' && row[i + 1] === '"') cur += row[++i]
    else if (ch === '"') quoted = !quoted
    else if (ch === ',' && !quoted) {
      cells.push(cur.trim())
      cur = ''
    } else cur += ch
  }
  cells.push(cur.trim())
  return cells
}

const inputs = process.argv.slice(2)
if (inputs.length === 0) {
  console.error('usage: electronegativity-gate.mjs <path>...')
  process.exit(2)
}
const work = mkdtempSync(join(tmpdir(), 'tkms-eng-'))
const scan = join(work, 'scan')
for (const p of inputs) cpSync(p, join(scan, basename(p)), { recursive: true })
const csv = join(work, 'result.csv')
try {
  execFileSync('npx', ['-y', '@doyensec/electronegativity@1.10.3', '-i', scan, '-o', csv], {
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 300_000
  })
  const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean)
  const findings = rows
    .map(splitCsv)
    .map((c) => ({ issue: c[0], severity: c[1], file: (c[3] ?? '').replace(scan + '/', '') }))
  const serious = findings.filter((f) => f.severity === 'MEDIUM' || f.severity === 'HIGH')
  for (const f of findings) console.log(`electronegativity: ${f.severity} ${f.issue} ${f.file}`)
  console.log(`electronegativity: ${serious.length} finding(s) of medium severity or above`)
  process.exitCode = serious.length === 0 ? 0 : 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
