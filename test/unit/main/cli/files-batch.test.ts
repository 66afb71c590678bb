import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSharedPool } from '../../../../src-main/services/files'
import { ok, setup } from './helpers'

let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
  ok(await t.run(['keys', 'create', 'batch-a', '--type', 'aes256-gcm96']))
  ok(await t.run(['--region', 'nl-02', 'keys', 'create', 'batch-b', '--type', 'aes256-gcm96']))
}, 90_000)
afterAll(async () => {
  await closeSharedPool()
  await t?.cleanup()
})

const count = (op: string): number => t.sandbox.requests()[op] ?? 0

describe('tkms files: one command is a batch', { timeout: 120_000 }, () => {
  it('7 files with --data-key-files 3 cost ⌈7/3⌉ × 2 KMS encrypts; each file opens alone; decrypting all asks once per data key', async () => {
    const inputs = Array.from({ length: 7 }, (_, i) => join(t.dir, `batch-${i}.txt`))
    await Promise.all(inputs.map((p, i) => writeFile(p, `contents of file ${i}\n`)))
    const before = count('encrypt')
    ok(
      await t.run([
        'files',
        'encrypt',
        ...inputs,
        '--key',
        'batch-a',
        '--key',
        'nl-02/batch-b',
        '--data-key-files',
        '3',
        '--data-key-minutes',
        '5'
      ])
    )
    expect(count('encrypt') - before).toBe(3 * 2)

    const decBefore = count('decrypt')
    ok(await t.run(['files', 'decrypt', `${inputs[4]}.tkms`, '--out', join(t.dir, 'alone.txt')]))
    expect(await readFile(join(t.dir, 'alone.txt'), 'utf8')).toBe('contents of file 4\n')
    expect(count('decrypt') - decBefore).toBe(1)

    await mkdir(join(t.dir, 'out'))
    const allBefore = count('decrypt')
    ok(await t.run(['files', 'decrypt', ...inputs.map((p) => `${p}.tkms`), '--out-dir', join(t.dir, 'out')]))
    expect(count('decrypt') - allBefore).toBe(3)
    for (let i = 0; i < 7; i++)
      expect(await readFile(join(t.dir, 'out', `batch-${i}.txt`), 'utf8')).toBe(`contents of file ${i}\n`)
  })

  it('without the flag a run shares one data key; --data-key-files 1 wraps a key per file', async () => {
    const inputs = Array.from({ length: 3 }, (_, i) => join(t.dir, `one-${i}.txt`))
    await Promise.all(inputs.map((p) => writeFile(p, 'x')))
    let before = count('encrypt')
    ok(await t.run(['files', 'encrypt', ...inputs, '--key', 'batch-a']))
    expect(count('encrypt') - before).toBe(1)
    before = count('encrypt')
    ok(await t.run(['files', 'encrypt', ...inputs, '--key', 'batch-a', '--data-key-files', '1', '--force']))
    expect(count('encrypt') - before).toBe(3)
  })

  it('refuses a data key limit that is not a whole number of at least 1, before any KMS call', async () => {
    const src = join(t.dir, 'limit.txt')
    await writeFile(src, 'x')
    const before = count('encrypt')
    for (const bad of [
      ['--data-key-files', '0'],
      ['--data-key-files', 'many'],
      ['--data-key-minutes', '100000']
    ]) {
      const r = await t.run(['--output', 'json', 'files', 'encrypt', src, '--key', 'batch-a', ...bad])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/whole number/)
    }
    expect(count('encrypt') - before).toBe(0)
  })
})
