import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { seriousViolations } from './pages/axe'
import { FilesPage } from './pages/files-page'
import type { Bridge } from './bridge/server'

let dir: string
test.beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-files-e2e-'))
})
test.afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function bridgeOf(b: Bridge | undefined): Bridge {
  test.skip(b === undefined, 'drives the sandbox through the bridge (web project)')
  return b as Bridge
}

async function createKey(b: Bridge, region: string, name: string, keyType: 'aes256-gcm96' | 'rsa-2048' | 'ecdsa-p256') {
  return (await b.core.workspace.client()).createKey(region, { name, keyType })
}

async function listAll(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(root.length + 1))
    .sort()
}

test('drop two files and a folder, encrypt to keys in two regions, decrypt, same bytes', async ({ app }) => {
  // Eight file jobs and two axe runs per colour scheme: more than a minute on a busy 2-core machine.
  test.setTimeout(150_000)
  const bridge = bridgeOf(app.bridge)
  await createKey(bridge, 'nl-01', 'files-primary', 'aes256-gcm96')
  await createKey(bridge, 'nl-02', 'files-escrow', 'rsa-2048')
  const originals: Record<string, Buffer> = {
    'a.txt': Buffer.from('alpha\n'),
    'b.bin': randomBytes(2 * 1024 * 1024 + 5),
    'docs/c.txt': Buffer.from('charlie'),
    'docs/sub/d.bin': randomBytes(70_000)
  }
  await mkdir(join(dir, 'docs', 'sub'), { recursive: true })
  for (const [rel, data] of Object.entries(originals)) await writeFile(join(dir, rel), data)

  const files = new FilesPage(app.page)
  await files.open()
  await files.drop([join(dir, 'a.txt'), join(dir, 'b.bin'), join(dir, 'docs')])
  await expect(files.selected).toHaveCount(4)
  await expect(files.page.getByTestId('selection')).toContainText('docs/sub/d.bin')
  await files.addRecipient('files-primary')
  await files.addRecipient('files-escrow')
  await app.screenshot('files-selection')
  await files.start.click()
  await expect(files.jobs.and(files.page.locator('[data-state="ok"]'))).toHaveCount(4)
  await expect(files.job('d.bin').getByTestId('job-output')).toHaveText(join(dir, 'docs', 'sub', 'd.bin.tkms'))
  expect(await seriousViolations(app.page)).toEqual([])
  await app.screenshot('files-encrypted')

  for (const rel of Object.keys(originals)) await unlink(join(dir, rel))
  await files.page.getByRole('button', { name: 'Clear finished' }).click()
  await files.operation('decrypt').check()
  await files.drop([join(dir, 'a.txt.tkms'), join(dir, 'b.bin.tkms'), join(dir, 'docs')])
  await expect(files.selected).toHaveCount(4)
  await files.start.click()
  await expect(files.jobs.and(files.page.locator('[data-state="ok"]'))).toHaveCount(4)
  await app.screenshot('files-decrypted')
  for (const [rel, data] of Object.entries(originals)) expect((await readFile(join(dir, rel))).equals(data)).toBe(true)
  const log = await bridge.core.activity.list({ operation: 'files:decrypt' })
  expect(log.entries).toHaveLength(4)
})

test('cancel mid-file leaves no output and no temporary file; errors name the cause', async ({ app }) => {
  const bridge = bridgeOf(app.bridge)
  await createKey(bridge, 'nl-01', 'files-slow', 'aes256-gcm96')
  await writeFile(join(dir, 'large.bin'), randomBytes(64 * 1024 * 1024))
  await writeFile(join(dir, 'plain.txt'), 'not an encrypted file')
  const files = new FilesPage(app.page)
  await files.open()
  await files.drop([join(dir, 'large.bin')])
  await files.addRecipient('files-slow')
  // A slow KMS keeps the job running long enough to cancel it mid-way.
  bridge.core.sandbox.setFaults({ latencyMs: 4000 })
  await files.start.click()
  await expect(files.job('large.bin')).toHaveAttribute('data-state', 'running')
  await app.screenshot('files-running')
  await files.cancelAll.click()
  await expect(files.job('large.bin')).toHaveAttribute('data-state', 'cancelled')
  bridge.core.sandbox.setFaults({ latencyMs: 0 })
  expect(await listAll(dir)).toEqual(['large.bin', 'plain.txt'])

  await files.operation('decrypt').check()
  await files.drop([join(dir, 'plain.txt')])
  await files.start.click()
  await expect(files.job('plain.txt')).toHaveAttribute('data-state', 'error')
  await expect(files.job('plain.txt').getByTestId('error-panel')).toContainText('not a Thalassa KMS encrypted file')
  await expect(files.job('large.bin').getByTestId('job-cancelled')).toBeVisible()
  await files.job('plain.txt').scrollIntoViewIfNeeded()
  await app.screenshot('files-errors')
  expect(await listAll(dir)).toEqual(['large.bin', 'plain.txt'])
})

/** Answers the next native open dialogs (the bridge's platform is the core's). */
function answerOpenDialogs(b: Bridge, ...answers: string[][]): void {
  b.platform.chooseOpenPaths = async () => answers.shift() ?? []
}

test('sign a file picked in a dialog, verify it online and offline; a changed file does not verify', async ({
  app
}) => {
  // Six jobs, three verification reports and two axe runs: more than a minute on a busy 2-core machine.
  test.setTimeout(150_000)
  const bridge = bridgeOf(app.bridge)
  const signer = await createKey(bridge, 'nl-01', 'files-signer', 'ecdsa-p256')
  const pem =
    Object.values((await (await bridge.core.workspace.client()).getPublicKey('nl-01', signer.identity)).keys)[0] ?? ''
  const doc = join(dir, 'contract.pdf')
  await writeFile(doc, 'the signed contract')
  await writeFile(join(dir, 'signer.pem'), pem)
  answerOpenDialogs(bridge, [doc], [join(dir, 'signer.pem')])
  const files = new FilesPage(app.page)
  await files.open()
  await files.operation('sign').check()
  await files.page.getByTestId('add-files').click()
  await expect(files.selected).toHaveCount(1)
  await files.page.getByTestId('sign-key').selectOption({ label: 'files-signer (nl-01 · ecdsa-p256)' })
  await files.page.getByTestId('hash').selectOption('sha384')
  await files.start.click()
  await expect(files.job('contract.pdf')).toHaveAttribute('data-state', 'ok')
  const sig = JSON.parse(await readFile(`${doc}.sig.json`, 'utf8')) as { hash: string; key: { slug: string } }
  expect(sig).toMatchObject({ hash: 'sha384', key: { slug: 'files-signer' } })

  await files.operation('verify').check()
  await files.drop([`${doc}.sig.json`])
  await files.start.click()
  await expect(files.job('contract.pdf.sig.json').getByTestId('job-state')).toHaveText('valid')
  await files.page.getByTestId('verify-offline').check()
  await files.page.getByTestId('pick-public-key').click()
  await expect(files.page.getByTestId('file-options')).toContainText('signer.pem')
  await files.drop([doc])
  await files.start.click()
  await expect(files.job('contract.pdf')).toHaveCount(2)
  await expect(files.job('contract.pdf').first().getByTestId('job-state')).toHaveText('valid')
  await files.page.getByRole('radio', { name: 'Online, with the KMS' }).check()
  await writeFile(doc, 'the signed contract, amended')
  await files.drop([doc])
  await files.start.click()
  await expect(files.job('contract.pdf')).toHaveCount(3)
  await expect(files.job('contract.pdf').first().getByTestId('job-state')).toHaveText('not valid')
  expect((await bridge.core.activity.list({ operation: 'files:verify' })).entries.map((e) => e.outcome)).toEqual([
    'error',
    'ok',
    'ok'
  ])
  await expect(files.job('contract.pdf').first().getByTestId('job-reason')).toContainText('does not match')
  expect(await seriousViolations(app.page)).toEqual([])
  await app.screenshot('files-signed-verified')
})
