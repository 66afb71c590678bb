import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isInside, PathValidator, safeRelative } from '../../src-main/services/files/input-paths'
import { MAGIC } from '../../src-main/services/file-format/header'

let dir: string
let dataDir: string
let v: PathValidator

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-paths-'))
  dataDir = join(dir, 'appdata')
  await mkdir(join(dataDir, 'sandbox'), { recursive: true })
  await writeFile(join(dataDir, 'profiles.json'), '{}')
  await writeFile(join(dataDir, 'sandbox', 'state.json'), '{}')
  await mkdir(join(dir, 'docs', 'sub'), { recursive: true })
  await writeFile(join(dir, 'docs', 'a.txt'), 'a')
  await writeFile(join(dir, 'docs', 'sub', 'b.txt'), 'bb')
  await writeFile(join(dir, 'outside.txt'), 'secret-ish')
  await writeFile(join(dir, 'sealed.tkms'), Buffer.concat([MAGIC, Buffer.alloc(10)]))
  v = new PathValidator({ dataDir })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const codes = (r: { refused: { error: { code: string } }[] }) => r.refused.map((x) => x.error.code)

describe('dropped and picked paths are validated in main', () => {
  it('accepts a regular file, marking files of the encrypted format', async () => {
    const r = await v.expand([join(dir, 'outside.txt'), join(dir, 'sealed.tkms')])
    expect(r.refused).toEqual([])
    expect(r.entries).toMatchObject([
      {
        path: join(dir, 'outside.txt'),
        real: join(dir, 'outside.txt'),
        relative: 'outside.txt',
        size: 10,
        encrypted: false,
        identity: { ino: expect.any(Number) }
      },
      { path: join(dir, 'sealed.tkms'), relative: 'sealed.tkms', size: 18, encrypted: true }
    ])
  })

  it('expands a folder recursively, keeping paths relative to the dropped folder', async () => {
    const r = await v.expand([join(dir, 'docs')])
    expect(r.entries.map((e) => e.relative)).toEqual(['docs/a.txt', 'docs/sub/b.txt'])
  })

  it('refuses relative paths and paths with NUL bytes', async () => {
    const r = await v.expand(['docs/a.txt', `${dir}/x\u0000y`])
    expect(r.entries).toEqual([])
    expect(codes(r)).toEqual(['bad_input', 'bad_input'])
    expect(r.refused[0]?.error.message).toContain('not an absolute path')
  })

  it('refuses a path that does not exist', async () => {
    const r = await v.expand([join(dir, 'missing.bin')])
    expect(r.refused[0]?.error).toMatchObject({ code: 'io', message: expect.stringContaining('does not exist') })
  })

  it('refuses what is not a regular file (a device)', async () => {
    const r = await v.expand(['/dev/null'])
    expect(r.refused[0]?.error).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('not a regular file')
    })
    await expect(v.file(join(dir, 'docs'))).rejects.toMatchObject({ appError: { code: 'bad_input' } })
  })

  it('refuses an unreadable file', async () => {
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' })
    const strict = new PathValidator({
      dataDir,
      canRead: async (p) => {
        if (p.endsWith('a.txt')) throw denied
      }
    })
    const r = await strict.expand([join(dir, 'docs')])
    expect(r.entries.map((e) => e.relative)).toEqual(['docs/sub/b.txt'])
    expect(r.refused[0]?.error).toMatchObject({ code: 'io', message: expect.stringContaining('permission denied') })
  })

  it('never accepts the app data folder, a file in it, or a link into it', async () => {
    await symlink(join(dataDir, 'profiles.json'), join(dir, 'innocent.json'))
    const r = await v.expand([
      dataDir,
      join(dataDir, 'profiles.json'),
      join(dataDir, 'sandbox'),
      join(dir, 'innocent.json')
    ])
    expect(r.entries).toEqual([])
    expect(r.refused).toHaveLength(4)
    for (const x of r.refused) expect(x.error.message).toContain("application's own data folder")
    await expect(v.file(join(dir, 'innocent.json'))).rejects.toMatchObject({ appError: { code: 'bad_input' } })
    await expect(v.folder(join(dataDir, 'sandbox'))).rejects.toMatchObject({ appError: { code: 'bad_input' } })
  })

  it('skips the app data folder inside a dropped parent folder', async () => {
    const r = await v.expand([dir])
    const rels = r.entries.map((e) => e.relative)
    expect(rels.some((p) => p.includes('appdata'))).toBe(false)
    expect(rels).toContain(`${dir.split('/').pop()}/docs/sub/b.txt`)
    expect(r.refused.some((x) => x.path === dataDir)).toBe(true)
  })

  it('inside a folder, refuses links leading out of it and links to folders, keeps links within it', async () => {
    const box = join(dir, 'box')
    await mkdir(box)
    await writeFile(join(box, 'real.txt'), 'r')
    await symlink(join(dir, 'outside.txt'), join(box, 'escape.txt'))
    await symlink(join(box, 'real.txt'), join(box, 'alias.txt'))
    await symlink(box, join(box, 'loop'))
    await symlink(join(dir, 'nowhere'), join(box, 'dangling'))
    const r = await v.expand([box])
    expect(r.entries.map((e) => e.relative)).toEqual(['box/alias.txt', 'box/real.txt'])
    const why = Object.fromEntries(r.refused.map((x) => [x.path.split('/').pop(), x.error.message]))
    expect(why['escape.txt']).toContain('leads outside the dropped folder')
    expect(why['loop']).toContain('not followed')
    expect(why['dangling']).toContain('does not exist')
  })

  it('caps the number of files one request expands to', async () => {
    const small = new PathValidator({ dataDir, maxFiles: 1 })
    const r = await small.expand([join(dir, 'docs')])
    expect(r.entries).toHaveLength(1)
    expect(r.refused[0]?.error.message).toContain('More than 1 files')
  })

  it('accepts only existing folders outside the app data as output folder', async () => {
    await expect(v.folder(join(dir, 'docs'))).resolves.toMatchObject({
      path: join(dir, 'docs'),
      real: join(dir, 'docs')
    })
    await expect(v.folder(join(dir, 'outside.txt'))).rejects.toMatchObject({
      appError: { message: expect.stringContaining('not a folder') }
    })
    await expect(v.folder(join(dir, 'nope'))).rejects.toMatchObject({ appError: { code: 'io' } })
    await expect(v.folder('relative/dir')).rejects.toMatchObject({ appError: { code: 'bad_input' } })
  })

  it('keeps relative output paths inside the output folder', () => {
    expect(safeRelative('docs/sub/b.txt', '/x/b.txt')).toBe('docs/sub/b.txt')
    expect(safeRelative('../../etc/passwd', '/x/b.txt')).toBe('b.txt')
    expect(safeRelative('/etc/passwd', '/x/b.txt')).toBe('b.txt')
    expect(safeRelative('a/./b', '/x/b.txt')).toBe('b.txt')
    expect(safeRelative(undefined, '/x/b.txt')).toBe('b.txt')
  })

  it('compares folder containment by path segments, not by prefix', () => {
    expect(isInside('/data/app', '/data/app/x')).toBe(true)
    expect(isInside('/data/app', '/data/app')).toBe(true)
    expect(isInside('/data/app', '/data/app2/x')).toBe(false)
    expect(isInside('/data/app', '/data/..app/x')).toBe(false)
  })
})
