import type * as NodeFs from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { closeSharedPool, decryptFile, encryptFile, FileError } from '../../../../../src-main/services/files'
import { KEY_A, kmsWith, listDir, pattern, tempDir } from '../file-helpers'

// The engine's write-behind flushes go through this stand-in: real by default, failing on demand.
const flush = vi.hoisted(() => ({ calls: 0, failWith: '' }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>()
  const fdatasync = (fd: number, done: (err: NodeJS.ErrnoException | null) => void): void => {
    flush.calls++
    if (flush.failWith) setImmediate(() => done(Object.assign(new Error('i/o error'), { code: flush.failWith })))
    else fs.fdatasync(fd, done)
  }
  return { ...fs, default: { ...fs, fdatasync }, fdatasync }
})

const kms = kmsWith(KEY_A)
let dir = ''
let cleanup: () => Promise<void> = async () => undefined
const plain = pattern(40 << 20, 9)

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  await writeFile(join(dir, 'in.bin'), plain)
})
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

describe('write-behind in the file engine', () => {
  it('flushes output while a large file is encrypted and decrypted, and the result is intact', async () => {
    flush.calls = 0
    await encryptFile({ input: join(dir, 'in.bin'), output: join(dir, 'a.tkms'), recipients: [KEY_A], wrapper: kms })
    expect(flush.calls).toBeGreaterThanOrEqual(1)
    flush.calls = 0
    await decryptFile({ input: join(dir, 'a.tkms'), output: join(dir, 'a.out'), wrapper: kms })
    expect(flush.calls).toBeGreaterThanOrEqual(1)
    expect((await readFile(join(dir, 'a.out'))).equals(plain)).toBe(true)
  })

  it('a disk error seen by a flush fails the job, stops it early and leaves nothing at the output', async () => {
    flush.failWith = 'EIO'
    let last = 0
    try {
      const e = await encryptFile({
        input: join(dir, 'in.bin'),
        output: join(dir, 'b.tkms'),
        recipients: [KEY_A],
        wrapper: kms,
        onProgress: (p) => (last = p.bytesDone)
      }).then(
        () => undefined,
        (x: unknown) => x
      )
      expect(e).toBeInstanceOf(FileError)
      expect((e as FileError).code).toBe('io')
      expect((e as FileError).message).toContain('EIO')
      expect(last).toBeLessThan(plain.length)
    } finally {
      flush.failWith = ''
    }
    const names = await listDir(dir)
    expect(names).not.toContain('b.tkms')
    expect(names.filter((n) => n.includes('tkms-tmp'))).toEqual([])
  })
})
