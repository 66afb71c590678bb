import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSharedPool, decryptFile, encryptFile, FileError } from '../../../../../src-main/services/files'
import { safeStoredName } from '../../../../../src-main/services/files/decrypt'
import { KEY_A, kmsWith, listDir, pattern, tempDir } from '../file-helpers'

const kms = kmsWith(KEY_A)
let dir = ''
let cleanup: () => Promise<void> = async () => undefined
let big = ''

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  big = join(dir, 'big.bin')
  await writeFile(big, pattern(24 << 20, 5))
})
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

async function refusal(p: Promise<unknown>): Promise<FileError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(FileError)
  return e as FileError
}

const noTemps = async (): Promise<void> =>
  expect((await listDir(dir)).filter((n) => n.includes('tkms-tmp'))).toEqual([])

describe('output safety', () => {
  it('never overwrites an existing file unless asked', async () => {
    const small = join(dir, 's.txt')
    await writeFile(small, 'secret')
    await writeFile(join(dir, 's.tkms'), 'keep me')
    const e = await refusal(
      encryptFile({ input: small, output: join(dir, 's.tkms'), recipients: [KEY_A], wrapper: kms })
    )
    expect(e.code).toBe('exists')
    expect(await readFile(join(dir, 's.tkms'), 'utf8')).toBe('keep me')
    await encryptFile({ input: small, output: join(dir, 's.tkms'), recipients: [KEY_A], wrapper: kms, overwrite: true })
    await writeFile(join(dir, 's.out'), 'keep me too')
    expect(
      (await refusal(decryptFile({ input: join(dir, 's.tkms'), output: join(dir, 's.out'), wrapper: kms }))).code
    ).toBe('exists')
    expect(await readFile(join(dir, 's.out'), 'utf8')).toBe('keep me too')
    await decryptFile({ input: join(dir, 's.tkms'), output: join(dir, 's.out'), wrapper: kms, overwrite: true })
    expect(await readFile(join(dir, 's.out'), 'utf8')).toBe('secret')
    expect((await stat(join(dir, 's.out'))).mode & 0o777).toBe(0o600)
    await noTemps()
  })

  it('refuses inputs that are not regular files, and output = input', async () => {
    await mkdir(join(dir, 'folder'))
    expect(
      (
        await refusal(
          encryptFile({ input: join(dir, 'folder'), output: join(dir, 'f.tkms'), recipients: [KEY_A], wrapper: kms })
        )
      ).code
    ).toBe('bad_input')
    execFileSync('mkfifo', [join(dir, 'fifo')])
    expect(
      (
        await refusal(
          encryptFile({ input: join(dir, 'fifo'), output: join(dir, 'p.tkms'), recipients: [KEY_A], wrapper: kms })
        )
      ).code
    ).toBe('bad_input')
    expect(
      (await refusal(decryptFile({ input: join(dir, 'folder'), output: join(dir, 'f.out'), wrapper: kms }))).code
    ).toBe('bad_input')
    expect(
      (
        await refusal(
          encryptFile({ input: join(dir, 'missing'), output: join(dir, 'm.tkms'), recipients: [KEY_A], wrapper: kms })
        )
      ).code
    ).toBe('io')
    expect(
      (await refusal(encryptFile({ input: big, output: big, recipients: [KEY_A], wrapper: kms, overwrite: true }))).code
    ).toBe('bad_input')
    expect(
      (
        await refusal(
          encryptFile({ input: big, output: join(dir, 'c.tkms'), recipients: [KEY_A], wrapper: kms, chunkSize: 8 })
        )
      ).code
    ).toBe('bad_input')
    await symlink(big, join(dir, 'link.bin'))
    await encryptFile({
      input: join(dir, 'link.bin'),
      output: join(dir, 'link.tkms'),
      recipients: [KEY_A],
      wrapper: kms
    })
    await noTemps()
  })

  it('cancel mid-file (encrypt and decrypt) leaves nothing at the output', async () => {
    const ac = new AbortController()
    let seen = 0
    const e = await refusal(
      encryptFile({
        input: big,
        output: join(dir, 'big.tkms'),
        recipients: [KEY_A],
        wrapper: kms,
        signal: ac.signal,
        onProgress: (p) => {
          seen = p.bytesDone
          if (p.bytesDone >= 2 << 20) ac.abort()
        }
      })
    )
    expect(e.code).toBe('cancelled')
    expect(seen).toBeLessThan(24 << 20)
    expect(await listDir(dir)).not.toContain('big.tkms')
    await noTemps()

    await encryptFile({ input: big, output: join(dir, 'big.tkms'), recipients: [KEY_A], wrapper: kms })
    const ac2 = new AbortController()
    const e2 = await refusal(
      decryptFile({
        input: join(dir, 'big.tkms'),
        output: join(dir, 'big.out'),
        wrapper: kms,
        signal: ac2.signal,
        onProgress: (p) => {
          if (p.bytesDone >= 2 << 20) ac2.abort()
        }
      })
    )
    expect(e2.code).toBe('cancelled')
    expect(await listDir(dir)).not.toContain('big.out')
    await noTemps()
    const ac3 = new AbortController()
    ac3.abort()
    expect(
      (
        await refusal(
          decryptFile({ input: join(dir, 'big.tkms'), output: join(dir, 'big.out'), wrapper: kms, signal: ac3.signal })
        )
      ).code
    ).toBe('cancelled')
  })

  it('a damaged chunk deep in a large file names the chunk and leaves nothing', async () => {
    const enc = join(dir, 'dmg.tkms')
    await encryptFile({ input: big, output: enc, recipients: [KEY_A], wrapper: kms })
    const b = await readFile(enc)
    const headerLen = b.length - (24 << 20) - 24 * 16
    const at = headerLen + 17 * ((1 << 20) + 16) + 500
    b[at] = (b[at] as number) ^ 0x40
    await writeFile(enc, b)
    const e = await refusal(decryptFile({ input: enc, output: join(dir, 'dmg.out'), wrapper: kms }))
    expect([e.code, e.chunk]).toEqual(['integrity', 17])
    expect(e.message).toMatch(/chunk 17/)
    expect(await listDir(dir)).not.toContain('dmg.out')
    await noTemps()
  })

  it('ignores a stored name that could escape the output folder', () => {
    for (const n of ['../evil', 'a/b', 'a\\b', '.bashrc', '', 'x\u0000y', ' pad'])
      expect(safeStoredName(n)).toBeUndefined()
    expect(safeStoredName('report 2024.pdf')).toBe('report 2024.pdf')
  })
})
