import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSharedPool, encryptFile } from '../../../../src-main/services/files'
import { KEY_A, kmsWith } from '../services/file-helpers'
import { cliEnv, errorOf, tempDir, tkms } from './helpers'

/*
 * docs/file-format.md §4.2 lists each prefix refusal with its code and CLI exit: a file this app
 * cannot read (magic, version, suite) is bad input (exit 1); a damaged header is integrity (exit 3).
 * The header is refused before any KMS call, so no profile is needed.
 */
let dir = ''
let good = Buffer.alloc(0)
beforeAll(async () => {
  dir = await tempDir('tkms-cli-refusals-')
  await writeFile(join(dir, 'plain.txt'), 'quarterly figures')
  await encryptFile({
    input: join(dir, 'plain.txt'),
    output: join(dir, 'good.tkms'),
    recipients: [KEY_A],
    wrapper: kmsWith(KEY_A)
  })
  good = await readFile(join(dir, 'good.tkms'))
})
afterAll(async () => {
  await closeSharedPool()
  await rm(dir, { recursive: true, force: true })
})

function patched(offset: number, bytes: number[]): Buffer {
  const b = Buffer.from(good)
  b.set(bytes, offset)
  return b
}

const cases: { what: string; bytes: () => Buffer; code: string; message: (p: string) => string; exit: number }[] = [
  {
    what: 'magic',
    bytes: () => patched(1, [0x55]),
    code: 'bad_input',
    exit: 1,
    message: (p) => `${p} is not a Thalassa KMS encrypted file (unknown magic bytes)`
  },
  {
    what: 'short non-file',
    bytes: () => Buffer.from('hi'),
    code: 'bad_input',
    exit: 1,
    message: (p) => `${p} is not a Thalassa KMS encrypted file (unknown magic bytes)`
  },
  {
    what: 'version',
    bytes: () => patched(8, [2]),
    code: 'bad_input',
    exit: 1,
    message: (p) => `${p} uses file format version 2, which this app does not read (it reads version 1)`
  },
  {
    what: 'suite',
    bytes: () => patched(9, [9]),
    code: 'bad_input',
    exit: 1,
    message: (p) => `${p} uses cipher suite 9, which this app does not read (it reads suite 1)`
  },
  {
    what: 'fields length',
    bytes: () => patched(10, [0, 0x20, 0, 0]),
    code: 'integrity',
    exit: 3,
    message: (p) => `${p} has a damaged header (field length 2097152 is too large)`
  }
]

describe('tkms files: prefix refusals', { timeout: 60_000 }, () => {
  it.each(cases)('$what: info and decrypt refuse with $code, exit $exit, nothing written', async (c) => {
    const input = join(dir, `${c.what.replace(/ /g, '-')}.tkms`)
    await writeFile(input, c.bytes())
    const env = cliEnv(join(dir, 'data'))
    for (const args of [
      ['files', 'info', input],
      ['files', 'decrypt', input, '--out', join(dir, 'out.txt')]
    ]) {
      const r = await tkms(['--output', 'json', ...args], { env, cwd: dir })
      expect(r.code, r.stderr).toBe(c.exit)
      expect(errorOf(r)).toMatchObject({ code: c.code, message: c.message(input) })
    }
    await expect(readFile(join(dir, 'out.txt'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('the unmodified file is read (the cases above differ from it only in the patched bytes)', async () => {
    const r = await tkms(['--output', 'json', 'files', 'info', join(dir, 'good.tkms')], {
      env: cliEnv(join(dir, 'data')),
      cwd: dir
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.json()).toMatchObject({ formatVersion: 1, recipients: [{ identity: KEY_A.identity }] })
  })
})
