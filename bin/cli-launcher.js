#!/usr/bin/env node
// The `tkms` entry: runs the bundled CLI (tkms-main.cjs beside this file) through V8's code cache,
// which the build writes beside it (tkms-main.cjs.cache), so a start skips parsing and compiling
// the bundle. A cache from another Node.js version is rejected by V8 and the bundle compiles as
// usual. Nothing is written at run time unless TKMS_WRITE_CODE_CACHE=1 (the build sets it).
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

const file = fileURLToPath(new URL('./tkms-main.cjs', import.meta.url))
const cacheFile = `${file}.cache`
let cachedData
try {
  cachedData = readFileSync(cacheFile)
} catch {
  cachedData = undefined
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData })
if (process.env.TKMS_WRITE_CODE_CACHE === '1') {
  process.on('exit', () => {
    const tmp = `${cacheFile}.${process.pid}.tmp`
    writeFileSync(tmp, script.createCachedData())
    renameSync(tmp, cacheFile)
  })
}
const module = { exports: {} }
script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file))
