import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { FilesPage } from './pages/files-page'

const FILES = 300
let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-files-batch-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

test(`a batch of ${FILES} files: aggregate progress, a virtualized job list, a damaged file reported while the rest open`, async ({
  app
}) => {
  test.skip(app.bridge === undefined, 'drives the sandbox through the bridge (web project)')
  test.setTimeout(180_000)
  const bridge = app.bridge!
  await (await bridge.core.workspace.client()).createKey('nl-01', { name: 'batch-key', keyType: 'aes256-gcm96' })
  const folder = join(dir, 'many')
  await mkdir(folder)
  const name = (i: number) => `f${String(i).padStart(3, '0')}.txt`
  for (let i = 0; i < FILES; i++) await writeFile(join(folder, name(i)), `small file ${i}\n`)

  const files = new FilesPage(app.page)
  await files.open()
  await files.drop([folder])
  await expect(files.selected).toHaveCount(FILES)
  await files.addRecipient('batch-key')
  await files.start.click()

  const progress = files.page.getByTestId('batch-progress')
  await expect(progress.getByTestId('batch-total')).toHaveText(String(FILES))
  await expect(progress.getByTestId('batch-done')).toHaveText(String(FILES), { timeout: 120_000 })
  await expect(progress.getByTestId('batch-failed')).toHaveText('0')
  await expect(progress.getByTestId('batch-remaining')).toHaveText('0')
  await expect(progress.getByTestId('batch-rate')).toContainText('files/s')
  await app.screenshot('files-batch-encrypted')
  // Virtualized: far fewer rows in the DOM than jobs, and scrolling brings the oldest job into view.
  expect(await files.jobs.count()).toBeLessThan(40)
  const top = await files.jobs.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))
  await files.page.getByTestId('job-scroller').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
  const notAtTop = top.map((n) => `:not([data-name="${n}"])`).join('')
  await expect(files.page.locator(`[data-testid="job"]${notAtTop}`).first()).toBeAttached()
  expect(await files.jobs.count()).toBeLessThan(40)

  // Decrypt the batch into another folder, with one file damaged in the middle.
  const damaged = join(folder, `${name(150)}.tkms`)
  const bytes = await readFile(damaged)
  bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 1
  await writeFile(damaged, bytes)
  for (let i = 0; i < FILES; i++) await rm(join(folder, name(i)))
  await files.page.getByRole('button', { name: 'Clear finished' }).click()
  await files.operation('decrypt').check()
  await files.drop([folder])
  await expect(files.selected).toHaveCount(FILES)
  await files.start.click()
  await expect(progress.getByTestId('batch-done')).toHaveText(String(FILES - 1), { timeout: 120_000 })
  await expect(progress.getByTestId('batch-failed')).toHaveText('1')
  await expect(progress.getByTestId('batch-remaining')).toHaveText('0')
  await app.screenshot('files-batch-decrypted')
  expect(await readFile(join(folder, name(7)), 'utf8')).toBe('small file 7\n')
  await expect(readFile(join(folder, name(150)))).rejects.toThrow()
})
