import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

/*
 * test/unit mirrors the source tree (docs/testing.md): a test of src-main/services/files/… lives in
 * test/unit/main/services/files/. A folder that names no source folder (a typo, or a source folder
 * renamed or removed) breaks the mirror, and this test names it.
 */
const MIRRORS: [tests: string, source: string][] = [
  ['main', 'src-main'],
  ['preload', 'src-preload'],
  ['renderer', 'src-renderer/src']
]
const TOP = ['main', 'preload', 'renderer', 'tooling']

const isDir = (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isDirectory() === true

/** The folders under `tests` (relative paths) with no folder of the same path under `source`. */
export function strayFolders(tests: string, source: string): string[] {
  return readdirSync(tests, { recursive: true, encoding: 'utf8' })
    .filter((rel) => isDir(join(tests, rel)) && !isDir(join(source, rel)))
    .map((rel) => rel.split('\\').join('/'))
    .sort()
}

describe('test/unit mirrors the source tree', () => {
  it('has only main, preload, renderer and tooling at its top, and no test file beside them', () => {
    expect(readdirSync('test/unit').sort()).toEqual(TOP)
  })

  it.each(MIRRORS)('every folder under test/unit/%s is a folder of %s', (tests, source) => {
    expect(strayFolders(join('test/unit', tests), source)).toEqual([])
  })

  describe('the check itself', () => {
    const root = mkdtempSync(join(tmpdir(), 'tkms-mirror-'))
    afterAll(() => rmSync(root, { recursive: true, force: true }))

    it('names a test folder that has no source folder, at any depth', () => {
      for (const d of [
        'src/services/files',
        'src/cli',
        'tests/services/files',
        'tests/services/flies',
        'tests/cli/harness'
      ])
        mkdirSync(join(root, d), { recursive: true })
      expect(strayFolders(join(root, 'tests'), join(root, 'src'))).toEqual(['cli/harness', 'services/flies'])
    })
  })
})
