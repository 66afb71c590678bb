#!/usr/bin/env node
// Bundles the `tkms` CLI from src-main/cli/entry.ts into out/cli/tkms-main.cjs (one CommonJS file with
// every dependency inside but the native keychain module), started by out/cli/tkms.js (the launcher,
// bin/cli-launcher.js) through V8's code cache, plus its file crypto worker, files-worker.js, which
// the worker pool loads from beside the bundle, and the age plugin (src-main/cli/age-plugin.ts) into
// out/cli/age-plugin-thalassa.js (an ES module: it is run directly). Run by `npm install` (prepare), `npm run
// build`, `npm pack` and the test runner, so the bundle is never a committed artefact.
import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_OUT_DIR = join(root, 'out', 'cli')

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
  write: false
}

export async function buildCli(outDir = CLI_OUT_DIR) {
  const esmBanner =
    "import { createRequire as __tkmsCreateRequire } from 'node:module';\nconst require = __tkmsCreateRequire(import.meta.url);"
  const [main, esm] = await Promise.all([
    // CommonJS, so the launcher can run it through vm.Script with a code cache. Modules the CLI
    // imports lazily (the HTTP stack, the core) stay unevaluated until a command needs them.
    build({
      ...common,
      entryPoints: { 'tkms-main': 'src-main/cli/entry.ts' },
      outdir: outDir,
      outExtension: { '.js': '.cjs' },
      format: 'cjs',
      define: { 'import.meta.url': '__tkmsUrl' },
      banner: { js: "var __tkmsUrl = require('node:url').pathToFileURL(__filename).href;" },
      // The keychain module is native (one .node file per platform): it cannot be inlined. Its lazy
      // import() becomes a require() in every bundle, which code run through vm.Script can make
      // without a flag.
      external: ['@napi-rs/keyring'],
      supported: { 'dynamic-import': false }
    }),
    build({
      ...common,
      entryPoints: {
        'age-plugin-thalassa': 'src-main/cli/age-plugin.ts',
        'files-worker': 'src-main/services/files/files-worker.ts'
      },
      outdir: outDir,
      format: 'esm',
      external: ['@napi-rs/keyring'],
      supported: { 'dynamic-import': false },
      // Bundled CommonJS dependencies call require() for Node's built-ins.
      banner: { js: `#!/usr/bin/env node\n${esmBanner}` }
    })
  ])
  await mkdir(outDir, { recursive: true })
  // Each file is written beside its target and renamed over it: a CLI starting meanwhile (tests run
  // in parallel) reads the old file or the new one, never half of one.
  for (const f of [...main.outputFiles, ...esm.outputFiles]) {
    const tmp = join(dirname(f.path), `.${basename(f.path)}.${process.pid}.tmp`)
    await writeFile(tmp, f.path.endsWith('.cjs') ? asciiOnly(f.text) : f.contents, { mode: 0o755 })
    await rename(tmp, f.path)
  }
  const launcher = join(outDir, 'tkms.js')
  const tmp = join(outDir, `.tkms.js.${process.pid}.tmp`)
  await copyFile(join(root, 'bin', 'cli-launcher.js'), tmp)
  await rename(tmp, launcher)
  await writeCodeCache(launcher)
  return launcher
}

/**
 * The launcher reads the bundle as Latin-1, a plain copy, which cost ~10 ms less CPU than Node.js
 * 20's UTF-8 decoding of it; the two read an ASCII file alike. esbuild escapes non-ASCII characters in code
 * but keeps them in legal comments, so those are escaped here (harmless inside a comment).
 */
function asciiOnly(text) {
  return text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/**
 * One run writes V8's code cache for this Node.js beside the bundle (the launcher renames it in):
 * `--help`, then `keys list` against a stand-in KMS on loopback that answers an empty list, so the
 * cache also holds the code a command that talks to the KMS compiles (the core, the HTTP client,
 * the answer's checks). Hermetic: a temporary home and data folder, credentials from THALASSA_*
 * variables, no keychain; the builder's own THALASSA_*, TKMS_* and proxy variables are left out.
 */
async function writeCodeCache(launcher) {
  const server = createServer((req, res) => {
    res.writeHead(req.method === 'GET' && /^\/v1\/kms\/[^/]+\/keys$/.test(req.url ?? '') ? 200 : 404, {
      'content-type': 'application/json'
    })
    res.end('[]')
  })
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok))
  const dir = await mkdtemp(join(tmpdir(), 'tkms-code-cache-'))
  try {
    const { port } = server.address()
    const own = Object.entries(process.env).filter(([k]) => !/^(THALASSA_|TKMS_|(HTTPS?|NO|ALL)_PROXY$)/i.test(k))
    const env = {
      ...Object.fromEntries(own),
      HOME: dir,
      TKMS_DATA_DIR: join(dir, 'data'),
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-bus',
      THALASSA_API_ENDPOINT: `http://127.0.0.1:${port}`,
      THALASSA_ORGANISATION: 'code-cache',
      THALASSA_API_TOKEN: 'code-cache',
      TKMS_WRITE_CODE_CACHE: '1',
      TKMS_CODE_CACHE_RUNS: JSON.stringify([['--region', 'code-cache', 'keys', 'list']])
    }
    await promisify(execFile)(process.execPath, [launcher, '--help'], { env, cwd: dir })
  } finally {
    server.closeAllConnections()
    server.close()
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now()
  const file = await buildCli()
  console.log(`CLI bundle: ${file} (${Math.round(performance.now() - started)} ms)`)
}
