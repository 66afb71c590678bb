#!/usr/bin/env node
// The `tkms` entry: runs the bundled CLI (tkms-main.cjs beside this file) through V8's code cache,
// which the build writes beside it (tkms-main.cjs.cache), so a start skips parsing and compiling
// the bundle. A cache from another Node.js version is rejected by V8 and the bundle compiles as
// usual. Nothing is written at run time unless TKMS_WRITE_CODE_CACHE=1 (the build sets it, with
// TKMS_CODE_CACHE_RUNS: the command lines to run one after another in this one process, so the
// cache holds the code all of them compiled, e.g. `--help` and `keys list`).
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { Script } from 'node:vm'

// undici parses HTTP/1.1 with llhttp, a WebAssembly module compiled on the first request; V8 then
// also optimises it on background threads, and Node.js waits for those before the process may
// exit: on a busy machine that held `tkms keys list` open for seconds after its answer was printed.
// A short-lived CLI gains nothing from the optimised tier, so it keeps V8's baseline compiler
// (Liftoff) only. Set before the bundle is compiled: V8 accepts a code cache only under the flags
// it was written with, and the build writes it through this launcher too.
setFlagsFromString('--liftoff-only')

const file = fileURLToPath(new URL('./tkms-main.cjs', import.meta.url))
const cacheFile = `${file}.cache`
const writing = process.env.TKMS_WRITE_CODE_CACHE === '1'
let cachedData
try {
  // A cache being written starts from nothing: an old one may belong to an older bundle.
  cachedData = writing ? undefined : readFileSync(cacheFile)
} catch {
  cachedData = undefined
}
// The build writes the bundle in ASCII, so Latin-1 (a plain copy) reads it as UTF-8 would, in a
// fraction of the time.
const script = new Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, cachedData })
const start = () => {
  const module = { exports: {} }
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file))
}
if (writing) {
  const runs = JSON.parse(process.env.TKMS_CODE_CACHE_RUNS ?? '[]')
  // Each run starts once the one before it has nothing left to do.
  process.on('beforeExit', () => {
    const next = runs.shift()
    if (!next) return
    process.argv = [process.argv[0], process.argv[1], ...next]
    start()
  })
  process.on('exit', () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`
    writeFileSync(tmp, script.createCachedData())
    renameSync(tmp, cacheFile)
  })
}
start()
