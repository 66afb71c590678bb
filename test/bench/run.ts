// `npm run bench`: runs every test/bench/*.bench.ts (or those named on the command line) and prints
// their lines. Benchmarks compare against peers measured side by side in the same run.
import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'

const dir = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

for (const f of files) {
  console.log(`\n## ${f.replace('.bench.ts', '')}`)
  const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: () => Promise<string[]> }
  for (const line of await mod.default()) console.log(line)
}
