/**
 * `npm run bench`: imports every test/bench/*.bench.ts and prints the lines its default export
 * returns. Benchmarks compare against peers measured in the same run; nothing here asserts times.
 */
import { readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv[2]
for (const f of (await readdir(here)).filter((n) => n.endsWith('.bench.ts')).sort()) {
  if (only && !f.includes(only)) continue
  const mod = (await import(new URL(f, import.meta.url).href)) as { default: () => Promise<string[]> }
  for (const line of await mod.default()) console.log(line)
}
