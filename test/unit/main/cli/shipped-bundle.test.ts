import { access, readFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cliEnv, errorOf, ok, SHIPPED_BIN, setup, tkmsProcess } from './helpers'

const BUNDLE = join(SHIPPED_BIN, '..', 'tkms-main.cjs')

let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
}, 60_000)
afterAll(async () => t?.cleanup())

/** Every module the bundle loads at run time (static imports, dynamic imports, require calls). */
function loadedModules(code: string): string[] {
  const found = new Set<string>()
  const spec = String.raw`["']([@\w./:-]+)["']`
  // An import statement ends its line or statement after the specifier; text such as "from 'alg' argument" does not.
  const re = new RegExp(
    String.raw`\bfrom\s*${spec}(?=\s*(?:;|$))|\bimport\s*\(\s*${spec}\s*\)|\brequire\s*\(\s*${spec}\s*\)`,
    'gm'
  )
  for (const m of code.matchAll(re)) found.add(m[1] ?? m[2] ?? m[3] ?? '')
  return [...found].sort()
}

describe('the shipped CLI bundle', { timeout: 120_000 }, () => {
  it('is one bundle that loads only Node built-ins and the native keychain module, behind a launcher that loads built-ins only', async () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
    const launcher = await readFile(SHIPPED_BIN, 'utf8')
    expect(launcher.startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(loadedModules(launcher).filter((m) => !builtins.has(m))).toEqual([])
    const code = await readFile(BUNDLE, 'utf8')
    // node:sqlite is a built-in from Node 22 on, required only inside undici's optional SQLite cache store, which the app never creates.
    expect(loadedModules(code).filter((m) => !builtins.has(m) && m !== 'node:sqlite')).toEqual(['@napi-rs/keyring'])
    await access(join(SHIPPED_BIN, '..', 'files-worker.js'))
  })

  it('has no test keychain: TKMS_TEST_KEYCHAIN_FILE and NODE_ENV=test change nothing', async () => {
    const code = await readFile(SHIPPED_BIN, 'utf8')
    expect(code).not.toContain('TKMS_TEST_KEYCHAIN_FILE')
    // A saved profile whose secret exists only in the stand-in's file (written through the test entry).
    const secretFile = join(t.dir, 'data', 'test-keychain.json')
    expect(JSON.stringify(JSON.parse(await readFile(secretFile, 'utf8')))).toContain('tc_pat_')
    const env = { ...t.env, NODE_ENV: 'test', TKMS_TEST_KEYCHAIN_FILE: secretFile }
    const before = await readFile(secretFile, 'utf8')
    const list = await tkmsProcess(['--output', 'json', 'keys', 'list'], { env, runner: SHIPPED_BIN })
    expect(list.code).toBe(3)
    // No Secret Service here: the real keychain fails closed (a desktop with one has no such secret).
    expect(['keychain_unavailable', 'secret_missing']).toContain(errorOf(list).code)
    // The same command through the test entry (the bundle with the stand-in swapped in) works.
    expect(ok(await tkmsProcess(['--output', 'json', 'keys', 'list'], { env })).json()).toEqual(expect.any(Array))
    const fresh = cliEnv(join(t.dir, 'shipped'))
    const add = await tkmsProcess(
      ['--output', 'json', 'profiles', 'add', 'p', '--organisation', 'o', '--secret-stdin'],
      {
        env: fresh,
        input: 'tc_pat_never_in_a_file\n',
        runner: SHIPPED_BIN
      }
    )
    expect(add.code).toBe(3)
    expect(errorOf(add).code).toBe('keychain_unavailable')
    await expect(access(String(fresh['TKMS_TEST_KEYCHAIN_FILE']))).rejects.toThrow()
    expect(await readFile(secretFile, 'utf8')).toBe(before)
  })
})
