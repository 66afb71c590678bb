import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { bridgeOf } from './pages/kms-helpers'
import { eachLayout, shotName } from './screen-matrix'

type Bridge = ReturnType<typeof bridgeOf>

async function seed(bridge: Bridge) {
  const rec = (e: Parameters<Bridge['core']['activity']['record']>[0]) => bridge.core.activity.record(e)
  await rec({
    time: '2026-03-01T09:15:42.000Z',
    profile: 'Local sandbox',
    region: 'nl-01',
    key: 'alpha',
    operation: 'keys:rotate',
    outcome: 'ok'
  })
  await rec({
    time: '2026-03-02T10:20:07.000Z',
    profile: 'Local sandbox',
    region: 'nl-01',
    key: 'beta',
    operation: 'crypto:decrypt',
    outcome: 'error',
    errorCode: 'key_not_usable',
    errorMessage: 'Decrypting with beta failed: the key is disabled',
    errorHint: 'Enable the key in Keys, then retry.'
  })
  await rec({
    time: '2026-03-03T11:00:00.000Z',
    profile: 'Local sandbox',
    region: 'nl-01',
    key: 'alpha',
    operation: 'keys:disable',
    outcome: 'error',
    errorCode: 'timeout'
  })
}

eachLayout((layout) => {
  test('activity: seconds and time zone, failed rows explain themselves, filter by key and dates', async ({ app }) => {
    const bridge = bridgeOf(app)
    await seed(bridge)
    const { page } = app
    await page.getByTestId('nav-activity').click()
    const rows = page.getByTestId('activity-row')
    await expect(rows).toHaveCount(3)
    await expect(page.getByTestId('activity-time-header')).toContainText(/UTC[+-]\d\d:\d\d/)
    await expect(rows.first().getByTestId('activity-time')).toHaveText(/^2026-03-0\d \d\d:\d\d:00 UTC[+-]\d\d:\d\d$/)
    await expect(rows.first().getByTestId('activity-time')).toHaveAttribute('datetime', '2026-03-03T11:00:00.000Z')
    // New rows carry their own sentence; an old row with only a code is explained from the code.
    await expect(rows.nth(1).getByTestId('activity-error-message')).toHaveText(
      'Decrypting with beta failed: the key is disabled'
    )
    await expect(rows.nth(1).getByTestId('activity-error-hint')).toHaveText('Enable the key in Keys, then retry.')
    await expect(rows.nth(0).getByTestId('activity-error-message')).toHaveText('The KMS did not answer in time.')
    await app.screenshot(shotName('activity-audit', layout))

    await page.getByTestId('activity-key').selectOption('alpha')
    await expect(rows).toHaveCount(2)
    await page.getByTestId('activity-key').selectOption('')
    await page.getByTestId('activity-from').fill('2026-03-02')
    await page.getByTestId('activity-to').fill('2026-03-02')
    await expect(rows).toHaveCount(1)
    await expect(rows.first()).toHaveAttribute('data-operation', 'crypto:decrypt')
  })
})

test('guard: a reversed date range is refused with the reason, and the table keeps its rows', async ({ app }) => {
  await seed(bridgeOf(app))
  const { page } = app
  await page.getByTestId('nav-activity').click()
  await expect(page.getByTestId('activity-row')).toHaveCount(3)
  await page.getByTestId('activity-to').fill('2026-03-01')
  await expect(page.getByTestId('activity-row')).toHaveCount(1)
  await page.getByTestId('activity-from').fill('2026-03-03')
  await expect(page.getByTestId('activity-range-error')).toContainText('after the end date')
  await expect(page.getByTestId('activity-from')).toHaveAttribute('aria-invalid', 'true')
  // The reversed range is not sent: the table keeps what the last valid filter showed.
  await expect(page.getByTestId('activity-row')).toHaveCount(1)
  await expect(page.getByTestId('activity-row')).toHaveAttribute('data-operation', 'keys:rotate')
  await page.getByTestId('activity-range-clear').click()
  await expect(page.getByTestId('activity-range-error')).toBeHidden()
  await expect(page.getByTestId('activity-row')).toHaveCount(3)
})

test('the CSV export writes ISO 8601 times and the error message and hint', async ({ app }) => {
  const bridge = bridgeOf(app)
  await seed(bridge)
  const dir = await mkdtemp(join(tmpdir(), 'e2e-audit-csv-'))
  try {
    const target = join(dir, 'audit.csv')
    bridge.platform.chooseSavePath = async () => target
    await app.page.getByTestId('nav-activity').click()
    await app.page.getByTestId('activity-outcome').selectOption('error')
    await app.page.getByTestId('activity-export').click()
    await expect(app.page.getByTestId('toast').filter({ hasText: 'Activity exported as CSV' })).toBeVisible()
    const lines = (await readFile(target, 'utf8')).trim().split('\r\n')
    expect(lines).toHaveLength(3)
    for (const l of lines.slice(1)) expect(l).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,/)
    expect(lines[2]).toContain('Decrypting with beta failed: the key is disabled,"Enable the key in Keys, then retry."')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
