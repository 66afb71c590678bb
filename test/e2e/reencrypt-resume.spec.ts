import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { decryptFile, encryptFile, kmsDataKeyWrapper } from '../../src-main/services/files'
import { createJob, runJob } from '../../src-main/services/reencrypt-jobs/job'
import { scan } from '../../src-main/services/reencrypt-jobs/scan'
import type { KmsKey } from '@contract/schemas/kms'
import type { Bridge } from './bridge/server'
import { expect, test } from './fixtures'
import { FilesPage } from './pages/files-page'
import { KeysPage } from './pages/keys'
import { bridgeOf, seedKeys } from './pages/keys-bridge'

/** Encrypted files to `key` under a fresh folder, then the key rotates: every file is on an old version. */
async function oldFiles(
  b: Bridge,
  key: KmsKey,
  names: string[]
): Promise<{ dir: string; paths: string[]; latest: number }> {
  const client = await b.core.workspace.client()
  const wrapper = kmsDataKeyWrapper(async () => client)
  const dir = await mkdtemp(join(tmpdir(), 'tkms-e2e-resume-'))
  const paths: string[] = []
  for (const n of names) {
    const input = join(dir, `${n}.txt`)
    await mkdir(dirname(input), { recursive: true })
    await writeFile(input, `contents of ${n}`)
    await encryptFile({
      input,
      output: `${input}.tkms`,
      recipients: [{ region: 'nl-01', identity: key.identity, slug: key.slug }],
      wrapper
    })
    await rm(input)
    paths.push(`${input}.tkms`)
  }
  const rotated = await client.rotate('nl-01', key.identity)
  return { dir, paths, latest: rotated.latestVersion ?? 2 }
}

/**
 * A job the app started before it stopped: the journal is written and `handled` files are done when
 * the process goes away (the journal still says "running", as after a crash or a quit mid-run).
 */
async function stoppedJob(b: Bridge, key: KmsKey, dir: string, latest: number, handled: number): Promise<string> {
  const client = await b.core.workspace.client()
  const d = { dataDir: b.dataDir, wrapper: kmsDataKeyWrapper(async () => client) }
  const job = await createJob(d, {
    root: dir,
    recursive: true,
    criteria: { keys: [{ region: 'nl-01', identity: key.identity }], belowVersion: latest }
  })
  if (handled > 0) {
    const stop = new Error('the app stopped')
    await expect(
      runJob(
        {
          ...d,
          onFile: (_f, i) => {
            if (i === handled - 1) throw stop
          }
        },
        job
      )
    ).rejects.toBe(stop)
  }
  return job.id
}

test('an interrupted re-encryption job is shown at start, on Files and in the dialog, and resumes to a full report', async ({
  app
}) => {
  test.setTimeout(150_000)
  const bridge = bridgeOf(app.bridge)
  const [key] = await seedKeys(bridge, 'nl-01', [{ name: 'resume-key', keyType: 'aes256-gcm96' }])
  const { dir, paths, latest } = await oldFiles(bridge, key!, ['a', 'b', 'sub/c', 'd'])
  try {
    const jobId = await stoppedJob(bridge, key!, dir, latest, 2)
    // The app starts again.
    await app.page.reload()
    const notice = app.page.getByTestId('interrupted-jobs')
    const job = notice.locator(`[data-testid="interrupted-job"][data-job-id="${jobId}"]`)
    await expect(job.getByTestId('job-summary')).toHaveText(
      'Interrupted: 2 of 4 files handled (2 re-encrypted, 0 failed, 0 skipped); 2 left.'
    )
    await expect(job.locator('[data-testid="job-file"][data-state="done"]')).toHaveCount(2)
    await expect(job.locator('[data-testid="job-file"][data-state="pending"]')).toHaveCount(2)

    const files = new FilesPage(app.page)
    await files.open()
    await expect(files.screen.getByTestId('interrupted-job')).toHaveAttribute('data-job-id', jobId)

    const keys = new KeysPage(app.page)
    await keys.open()
    await keys.row('resume-key').click()
    await keys.detail.getByTestId('reencrypt-files').click()
    const dialog = app.page.getByTestId('reencrypt-dialog')
    const listed = dialog.locator(`[data-testid="interrupted-job"][data-job-id="${jobId}"]`)
    await listed.getByTestId('job-resume').click()
    await expect(listed.getByTestId('job-summary')).toHaveText('Finished. 4 re-encrypted, 0 failed, 0 skipped.')
    await app.screenshot('reencrypt-resumed-job')
    // The report covers every file exactly once.
    const rows = await listed.getByTestId('job-file').allTextContents()
    expect(rows.map((r) => r.split(':')[0]).sort()).toEqual([
      'a.txt.tkms',
      'b.txt.tkms',
      'd.txt.tkms',
      'sub/c.txt.tkms'
    ])
    await expect(listed.locator('[data-testid="job-file"][data-state="done"]')).toHaveCount(4)

    // On disk: none is left on an old version, and each still opens to its contents.
    const client = await bridge.core.workspace.client()
    const left = await scan(dir, true, { keys: [{ region: 'nl-01', identity: key!.identity }], belowVersion: latest })
    expect(left.matched).toEqual([])
    for (const [i, p] of paths.entries()) {
      await decryptFile({ input: p, output: `${p}.out`, wrapper: kmsDataKeyWrapper(async () => client) })
      expect(await readFile(`${p}.out`, 'utf8')).toBe(`contents of ${['a', 'b', 'sub/c', 'd'][i]}`)
    }
    await listed.getByTestId('job-dismiss').click()
    await expect(listed).toHaveCount(0)
    // A finished job is not shown again at the next start.
    await app.page.reload()
    await expect(app.page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
    await files.open()
    await expect(app.page.getByTestId('interrupted-jobs')).toHaveCount(0)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('resuming leaves a file that changed since the interruption as it is and says so; discarding forgets a job without touching files', async ({
  app
}) => {
  test.setTimeout(150_000)
  const bridge = bridgeOf(app.bridge)
  const [key] = await seedKeys(bridge, 'nl-01', [{ name: 'changed-key', keyType: 'aes256-gcm96' }])
  const one = await oldFiles(bridge, key!, ['x', 'y', 'z'])
  const two = await oldFiles(bridge, key!, ['q'])
  try {
    const jobId = await stoppedJob(bridge, key!, one.dir, two.latest, 1)
    const otherId = await stoppedJob(bridge, key!, two.dir, two.latest, 0)
    // Someone replaces y.txt.tkms (not yet re-encrypted) with another encrypted file meanwhile.
    const client = await bridge.core.workspace.client()
    const changed = one.paths[1]!
    await writeFile(join(one.dir, 'new.txt'), 'newer contents')
    await encryptFile({
      input: join(one.dir, 'new.txt'),
      output: changed,
      recipients: [{ region: 'nl-01', identity: key!.identity, slug: key!.slug }],
      wrapper: kmsDataKeyWrapper(async () => client),
      overwrite: true
    })
    const changedBytes = await readFile(changed)
    const otherBytes = await readFile(two.paths[0]!)

    await app.page.reload()
    const files = new FilesPage(app.page)
    await files.open()
    const job = files.screen.locator(`[data-testid="interrupted-job"][data-job-id="${jobId}"]`)
    const other = files.screen.locator(`[data-testid="interrupted-job"][data-job-id="${otherId}"]`)
    await expect(other.getByTestId('job-summary')).toHaveText(
      'Interrupted: 0 of 1 files handled (0 re-encrypted, 0 failed, 0 skipped); 1 left.'
    )
    await job.getByTestId('job-resume').click()
    await expect(job.getByTestId('job-summary')).toHaveText('Finished. 2 re-encrypted, 0 failed, 1 skipped.')
    await expect(job.locator('[data-testid="job-file"][data-state="skipped"]')).toHaveText(
      'y.txt.tkms: skipped — The file changed since it was scanned; it was left as it is.'
    )
    expect((await readFile(changed)).equals(changedBytes)).toBe(true)

    await other.getByTestId('job-discard').click()
    await expect(other).toHaveCount(0)
    expect(await readdir(join(bridge.dataDir, 'reencrypt-jobs'))).toEqual([`${jobId}.json`])
    expect((await readFile(two.paths[0]!)).equals(otherBytes)).toBe(true)
  } finally {
    await rm(one.dir, { recursive: true, force: true })
    await rm(two.dir, { recursive: true, force: true })
  }
})
