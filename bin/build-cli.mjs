#!/usr/bin/env node
// Bundles the `tkms` CLI from src-main/cli/main.ts into out/cli/tkms.js (one ES module with every
// dependency inside but the native keychain module), the age plugin (src-main/cli/age-plugin.ts)
// into out/cli/age-plugin-thalassa.js, plus their file crypto worker, files-worker.js,
// which the worker pool loads from beside the bundle. Run by `npm install` (prepare), `npm run
// build`, `npm pack` and the test runner, so the bundle is never a committed artefact.
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_OUT_DIR = join(root, 'out', 'cli')

// Bundled CommonJS dependencies (undici, commander, …) call require() for Node's built-ins.
const banner = [
  '#!/usr/bin/env node',
  "import { createRequire as __tkmsCreateRequire } from 'node:module';",
  'const require = __tkmsCreateRequire(import.meta.url);'
].join('\n')

export async function buildCli(outDir = CLI_OUT_DIR) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { tkms: 'src-main/cli/main.ts', 'age-plugin-thalassa': 'src-main/cli/age-plugin.ts', 'files-worker': 'src-main/services/files/files-worker.ts' },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // The keychain module is native (one .node file per platform): it cannot be inlined.
    external: ['@napi-rs/keyring'],
    banner: { js: banner },
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
    write: false
  })
  await mkdir(outDir, { recursive: true })
  // Each file is written beside its target and renamed over it: a CLI starting meanwhile (tests run
  // in parallel) reads the old file or the new one, never half of one.
  for (const f of result.outputFiles) {
    const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`)
    await writeFile(tmp, f.contents, { mode: 0o755 })
    await rename(tmp, f.path)
  }
  return join(outDir, 'tkms.js')
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  const file = await buildCli()
  console.log(`CLI bundle: ${file} (${Math.round(performance.now() - started)} ms)`)
}
