import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeSharedPool, encryptFile } from '../../../../../src-main/services/files'
import { INDEX_FILE_NAME, LocalIndex } from '../../../../../src-main/services/index'
import { KEY_A, KEY_B, kmsWith, tempDir } from '../file-helpers'

const SECRET_TEXT = 'top secret plaintext that must never reach the index'

describe('local index of .tkms files', () => {
  let dir: string
  let cleanup: () => Promise<void>
  const kms = kmsWith(KEY_A, KEY_B)
  beforeEach(async () => ({ dir, cleanup } = await tempDir()))
  afterEach(() => cleanup())
  afterAll(() => closeSharedPool())

  async function encrypted(rel: string, recipients = [KEY_A]): Promise<string> {
    const input = join(dir, 'plain-' + rel.replaceAll('/', '_'))
    await writeFile(input, SECRET_TEXT)
    const output = join(dir, 'data', rel)
    await mkdir(join(output, '..'), { recursive: true })
    await encryptFile({ input, output, recipients, wrapper: kms, storeName: true })
    return output
  }

  it('scans a folder from headers only and answers which files use a key', async () => {
    const a = await encrypted('a.tkms')
    const ab = await encrypted('sub/ab.tkms', [KEY_A, KEY_B])
    await writeFile(join(dir, 'data', 'notes.txt'), 'not an envelope')
    const idx = new LocalIndex({ file: join(dir, 'state', INDEX_FILE_NAME) })
    await idx.load()
    const report = await idx.scan(join(dir, 'data'))
    expect(report).toMatchObject({ indexed: 2, removed: 0, unreadable: [] })
    expect(
      idx
        .filesUsingKey(KEY_A.region, KEY_A.identity)
        .map((f) => f.path)
        .sort()
    ).toEqual([a, ab].sort())
    expect(idx.filesUsingKey(KEY_B.region, KEY_B.identity).map((f) => f.path)).toEqual([ab])
    expect(idx.countUsingKey(KEY_B.region, KEY_B.identity)).toBe(1)
    // Same identity in another region is another key.
    expect(idx.countUsingKey('de-01', KEY_A.identity)).toBe(0)

    // Persisted, and reloaded by a fresh instance; it holds no plaintext, sealed names or KMS ciphertexts.
    const stored = await readFile(join(dir, 'state', INDEX_FILE_NAME), 'utf8')
    expect(stored).not.toContain(SECRET_TEXT)
    expect(stored).not.toContain('plain-')
    expect(stored).not.toContain('thalassa:v')
    expect(Object.keys(JSON.parse(stored).files[0]).sort()).toEqual(['mtimeMs', 'path', 'recipients', 'size'])
    const again = new LocalIndex({ file: join(dir, 'state', INDEX_FILE_NAME) })
    await again.load()
    expect(again.countUsingKey(KEY_A.region, KEY_A.identity)).toBe(2)
  })

  it('rescanning drops files that are gone; record() adds a file the app wrote', async () => {
    const a = await encrypted('a.tkms')
    const b = await encrypted('b.tkms', [KEY_B])
    const idx = new LocalIndex({ file: join(dir, INDEX_FILE_NAME) })
    await idx.load()
    await idx.scan(join(dir, 'data'))
    await rm(a)
    const r = await idx.scan(join(dir, 'data'))
    expect(r).toMatchObject({ indexed: 1, removed: 1 })
    expect(idx.countUsingKey(KEY_A.region, KEY_A.identity)).toBe(0)
    await idx.record({ path: '/elsewhere/x.tkms', size: 10, mtimeMs: 1, recipients: [{ ...KEY_A }] })
    expect(idx.filesUsingKey(KEY_A.region, KEY_A.identity).map((f) => f.path)).toEqual(['/elsewhere/x.tkms'])
    expect(await idx.forget(b)).toBe(true)
    expect(idx.countUsingKey(KEY_B.region, KEY_B.identity)).toBe(0)
  })

  it('refuses a missing folder, reports a damaged .tkms file and does not follow links', async () => {
    await encrypted('ok.tkms')
    await writeFile(join(dir, 'data', 'broken.tkms'), 'this is not an envelope')
    await mkdir(join(dir, 'outside'))
    await symlink(join(dir, 'outside'), join(dir, 'data', 'link'))
    await writeFile(join(dir, 'outside', 'hidden.tkms'), 'x')
    let reads = 0
    const idx = new LocalIndex({
      file: join(dir, INDEX_FILE_NAME),
      readHeader: async (p) => {
        reads++
        return (await import('../../../../../src-main/services/files')).readHeader(p)
      }
    })
    await idx.load()
    await expect(idx.scan(join(dir, 'nope'))).rejects.toThrow(/not a folder that can be read/)
    const r = await idx.scan(join(dir, 'data'))
    expect(r.indexed).toBe(1)
    expect(r.unreadable.map((u) => u.path)).toEqual([join(dir, 'data', 'broken.tkms')])
    expect(reads).toBe(2)
  })

  it('keeps a watch list; a damaged index file starts empty', async () => {
    await encrypted('w.tkms')
    const file = join(dir, INDEX_FILE_NAME)
    await writeFile(file, '{ not json')
    const idx = new LocalIndex({ file })
    await idx.load()
    expect(idx.list()).toEqual([])
    await idx.addWatch(join(dir, 'data'))
    expect(idx.watchList()).toEqual([join(dir, 'data')])
    await rm(join(dir, 'data'), { recursive: true })
    const results = await idx.rescanWatched()
    expect(results[0]).toMatchObject({ folder: join(dir, 'data'), error: expect.stringMatching(/not a folder/) })
    await idx.removeWatch(join(dir, 'data'))
    expect(idx.watchList()).toEqual([])
  })
})
