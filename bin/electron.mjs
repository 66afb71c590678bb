#!/usr/bin/env node
// @ts-check
// `npm start`, `npm run dev` and `npm run dist`: make sure the Electron binary is there, then run
// electron-vite (preview or dev) or electron-builder with it. Electron ≥ 42 no longer downloads its
// binary at install time, and electron-vite only reads node_modules/electron/path.txt, so a fresh
// clone needs this step. When the binary cannot be had, one paragraph says why and what to do.
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The executable inside an Electron dist folder, as node_modules/electron/install.js names it. */
export function platformExecutable(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron'
  return platform === 'win32' ? 'electron.exe' : 'electron'
}

/** @param {string} file */
function isExecutable(file) {
  try {
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The installed binary (or the override's), or undefined. @param {string} electronDir @param {NodeJS.ProcessEnv} env */
function installed(electronDir, env) {
  const pathFile = join(electronDir, 'path.txt')
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : platformExecutable()
  const distDir = env['ELECTRON_OVERRIDE_DIST_PATH'] || join(electronDir, 'dist')
  const exec = join(distDir, name)
  return {
    exec,
    distDir,
    ok: Boolean(env['ELECTRON_OVERRIDE_DIST_PATH'] || existsSync(pathFile)) && isExecutable(exec)
  }
}

/** The installer's own reason: its first line that is not part of a stack trace. @param {string} text */
export function installerReason(text) {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !/^at\s/.test(l))
  return line ?? 'it exited without saying why'
}

const MEANWHILE = 'Meanwhile the command line needs no Electron: npx tkms --help.'

/** What to do, per cause. @param {string} version */
function fixes(version) {
  const zip = `electron-v${version}-${process.platform}-${process.arch}.zip`
  const unpacked = `set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an unpacked Electron ${version} (${platformExecutable()} inside)`
  return {
    download: `To fix it, let this machine reach github.com (the installer downloads ${zip} once), or set ELECTRON_MIRROR to a mirror it can reach, or put ${zip} in the download cache (the folder electron_config_cache names), or ${unpacked}; then run the command again.`,
    skip: `To fix it, unset ELECTRON_SKIP_BINARY_DOWNLOAD so that Electron's installer can download ${zip} once, or ${unpacked}; then run the command again.`,
    override: `To fix it, point ELECTRON_OVERRIDE_DIST_PATH at the folder of an unpacked Electron ${version}, or unset it so that Electron's installer downloads ${zip} once; then run the command again.`
  }
}

/**
 * Ensures the Electron binary: installed already, under ELECTRON_OVERRIDE_DIST_PATH, or fetched now
 * by Electron's own installer (which honours ELECTRON_MIRROR and electron_config_cache). Never
 * downloads when ELECTRON_SKIP_BINARY_DOWNLOAD is set.
 * @param {{ electronDir?: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void }} [o]
 * @returns {{ ok: true, exec: string, distDir: string } | { ok: false, message: string }}
 */
export function ensureElectron(o = {}) {
  const env = o.env ?? process.env
  const log = o.log ?? ((line) => console.error(line))
  let electronDir = o.electronDir
  try {
    electronDir ??= dirname(require.resolve('electron/package.json'))
  } catch {
    return {
      ok: false,
      message: `Electron cannot start: the electron package is not in node_modules. Run npm install (with the dev dependencies) in the project folder, then run the command again. ${MEANWHILE}`
    }
  }
  const version = String(JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version)
  const fix = fixes(version)
  const fail = (/** @type {string} */ why, how = fix.download) => ({
    ok: /** @type {const} */ (false),
    message: `Electron ${version} cannot start: ${why}. ${how} ${MEANWHILE}`
  })
  const have = installed(electronDir, env)
  if (have.ok) return { ok: true, exec: have.exec, distDir: have.distDir }
  if (env['ELECTRON_OVERRIDE_DIST_PATH'])
    return fail(
      `ELECTRON_OVERRIDE_DIST_PATH is set to ${env['ELECTRON_OVERRIDE_DIST_PATH']}, but there is no Electron executable at ${have.exec}`,
      fix.override
    )
  if (env['ELECTRON_SKIP_BINARY_DOWNLOAD'])
    return fail(
      'its binary is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded',
      fix.skip
    )
  log(`Electron ${version} is not installed yet: fetching it with its installer (once)…`)
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    env,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8'
  })
  if (r.error) return fail(`its installer could not run (${r.error.message})`)
  if (r.status !== 0) return fail(`its installer failed: ${installerReason(r.stderr ?? '')}`)
  const now = installed(electronDir, env)
  if (!now.ok) return fail(`its installer finished, but there is no Electron executable at ${now.exec}`)
  return { ok: true, exec: now.exec, distDir: now.distDir }
}

/** @param {string} pkg @param {string} bin */
function binOf(pkg, bin) {
  const file = require.resolve(`${pkg}/package.json`)
  return join(dirname(file), JSON.parse(readFileSync(file, 'utf8')).bin[bin])
}

/** Runs node scripts one after the other, forwarding signals; resolves with the first non-zero code. @param {string[][]} steps @param {NodeJS.ProcessEnv} env */
async function runSteps(steps, env) {
  for (const args of steps) {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'inherit' })
    const forward = (/** @type {NodeJS.Signals} */ s) => child.kill(s)
    for (const s of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(s, forward)
    const code = await new Promise((done) => child.on('close', (c, signal) => done(c ?? (signal ? 1 : 0))))
    for (const s of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.off(s, forward)
    if (code !== 0) return code
  }
  return 0
}

const MODES = {
  start: (/** @type {string[]} */ extra) => [[binOf('electron-vite', 'electron-vite'), 'preview', ...extra]],
  dev: (/** @type {string[]} */ extra) => [[binOf('electron-vite', 'electron-vite'), 'dev', ...extra]],
  /** electron-builder packs the binary ensured here instead of downloading its own copy. */
  dist: (/** @type {string[]} */ extra, /** @type {string} */ distDir) => [
    [binOf('electron-vite', 'electron-vite'), 'build'],
    [binOf('electron-builder', 'electron-builder'), `-c.electronDist=${distDir}`, ...extra]
  ]
}

async function main() {
  const [mode, ...extra] = process.argv.slice(2)
  if (mode !== 'start' && mode !== 'dev' && mode !== 'dist' && mode !== 'check') {
    console.error('usage: node bin/electron.mjs start|dev|dist|check [extra arguments]')
    return 1
  }
  const r = ensureElectron()
  if (!r.ok) {
    console.error(r.message)
    return 1
  }
  if (mode === 'check') {
    console.log(r.exec)
    return 0
  }
  // electron-vite reads ELECTRON_EXEC_PATH before path.txt (it ignores ELECTRON_OVERRIDE_DIST_PATH).
  return runSteps(MODES[mode](extra, r.distDir), { ...process.env, ELECTRON_EXEC_PATH: r.exec })
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main()
