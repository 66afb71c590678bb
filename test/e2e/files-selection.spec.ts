import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { FilesPage } from './pages/files-page'

let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-files-selection-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function folderOf(name: string, count: number): Promise<string> {
  const folder = join(dir, name)
  await mkdir(folder)
  for (let i = 0; i < count; i++) await writeFile(join(folder, `f${String(i).padStart(4, '0')}.txt`), `file ${i}\n`)
  return folder
}

test('a dropped folder of 1,003 files lists its first 1,000 and counts the rest, all of them still to be processed', async ({
  app
}) => {
  test.skip(app.bridge === undefined, 'drops a folder through the bridge (web project)')
  test.setTimeout(120_000)
  const files = new FilesPage(app.page)
  const selection = app.page.getByTestId('selection')
  const more = app.page.getByTestId('selection-more')
  await files.open()
  await files.drop([await folderOf('many', 1003)])
  await expect(selection.locator('strong').first()).toContainText('1003 files')
  await expect(files.selected).toHaveCount(1000)
  await expect(more).toHaveText('and 3 more files, not listed here (all are processed)')
  await expect(files.start).toContainText('1003 files')

  // Removing a listed file: the count and the note follow, the list stays full.
  await files.selected
    .first()
    .getByRole('button', { name: /^Remove / })
    .click()
  await expect(selection.locator('strong').first()).toContainText('1002 files')
  await expect(files.selected).toHaveCount(1000)
  await expect(more).toHaveText('and 2 more files, not listed here (all are processed)')

  // A selection within the limit lists every file and says nothing of more.
  await selection.getByRole('button', { name: 'Clear' }).click()
  await files.drop([await folderOf('few', 3)])
  await expect(files.selected).toHaveCount(3)
  await expect(more).toHaveCount(0)
})
