import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { CryptoPage } from './pages/crypto-page'
import { bridgeOf, createKey, shootBoth } from './pages/kms-helpers'

test('the activity log shows the operations run, filters them and exports a CSV', async ({ app }) => {
  const bridge = bridgeOf(app)
  const { page } = app
  const aes = await createKey(bridge, 'act-aes', 'aes256-gcm96')
  const off = await createKey(bridge, 'act-off', 'aes256-gcm96')
  await createKey(bridge, 'act-mac', 'hmac-sha512')
  await (await bridge.core.workspace.client()).disable('nl-01', off.identity)

  const crypto = new CryptoPage(page)
  await crypto.open('encrypt')
  await crypto.pickKey('act-aes')
  await crypto.decrypt(await crypto.encrypt('secret words'))
  await crypto.pickKey('act-off')
  await crypto.fill('encrypt-input', 'x')
  await page.getByTestId('encrypt-run').click()
  await expect(crypto.error).toHaveAttribute('data-code', 'key_not_usable')
  await crypto.open('hmac')
  await crypto.fill('hmac-input', 'body')
  await page.getByTestId('hmac-run').click()
  await page.getByTestId('verify-hmac-run').click()
  await expect(crypto.outcome).toHaveAttribute('data-valid', 'true')

  await page.getByTestId('nav-activity').click()
  const rows = page.getByTestId('activity-row')
  await expect(rows).toHaveCount(5)
  // Newest first: verify-hmac, hmac, failed encrypt, decrypt, encrypt.
  await expect(rows.nth(0)).toHaveAttribute('data-operation', 'crypto:verify-hmac')
  await expect(rows.nth(2)).toHaveAttribute('data-outcome', 'error')
  await expect(rows.nth(2)).toContainText('key_not_usable')
  await expect(rows.nth(4)).toContainText('nl-01')
  await expect(rows.nth(4)).toContainText('Local sandbox')
  await expect(page.getByTestId('activity-table')).not.toContainText('secret words')
  await shootBoth(page, app.screenshot, 'activity')

  await page.getByTestId('activity-outcome').selectOption('error')
  await expect(rows).toHaveCount(1)
  await page.getByTestId('activity-outcome').selectOption('')
  await page.getByTestId('activity-operation').selectOption('crypto:encrypt')
  await expect(rows).toHaveCount(2)
  await page.getByTestId('activity-operation').selectOption('')
  await page.getByTestId('activity-search').fill(aes.identity)
  await expect(rows).toHaveCount(2)
  await page.getByTestId('activity-search').fill('no such thing')
  await expect(page.getByTestId('activity-empty')).toContainText('No activity matches')
  await page.getByTestId('activity-search').fill('')
  await expect(rows).toHaveCount(5)

  const dir = await mkdtemp(join(tmpdir(), 'e2e-csv-'))
  try {
    const target = join(dir, 'activity.csv')
    bridge.platform.chooseSavePath = async () => target
    await page.getByTestId('activity-operation').selectOption('crypto:encrypt')
    await page.getByTestId('activity-export').click()
    await expect(page.getByTestId('toast').filter({ hasText: 'Activity exported as CSV' })).toContainText(target)
    const csv = await readFile(target, 'utf8')
    const lines = csv.trim().split('\r\n')
    expect(lines[0]).toBe('time,profile,region,key,operation,outcome,errorCode,detail,errorMessage,errorHint')
    expect(lines).toHaveLength(3)
    expect(lines.every((l, i) => i === 0 || l.includes('crypto:encrypt'))).toBe(true)
    expect(csv).toContain('key_not_usable')
    expect(csv).not.toContain('secret words')
    expect((await stat(target)).mode & 0o777).toBe(0o600)

    bridge.platform.chooseSavePath = async () => undefined
    await page.getByTestId('activity-export').click()
    await expect(page.getByTestId('toast').filter({ hasText: 'Export cancelled' })).toBeVisible()
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('an empty log says so', async ({ app }) => {
  await app.page.getByTestId('nav-activity').click()
  await expect(app.page.getByTestId('activity-empty')).toContainText('No activity yet')
})
