import { expect, test } from './fixtures'
import { bridgeOf, createKey, shootBoth } from './pages/kms-helpers'

test('the overview counts and chart match the sandbox, per region', async ({ app }) => {
  const bridge = bridgeOf(app)
  const client = await bridge.core.workspace.client()
  const a = await createKey(bridge, 'ov-a', 'aes256-gcm96')
  await createKey(bridge, 'ov-b', 'ed25519')
  const c = await createKey(bridge, 'ov-c', 'hmac')
  await createKey(bridge, 'ov-d', 'aes128-gcm96', 'nl-02')
  await client.disable('nl-01', a.identity)
  await client.scheduleDeletion('nl-01', c.identity)
  const { page } = app
  await page.getByTestId('refresh').click()

  await expect(page.getByTestId('count-total')).toHaveText('4')
  await expect(page.getByTestId('count-active')).toHaveText('2')
  await expect(page.getByTestId('count-disabled')).toHaveText('1')
  await expect(page.getByTestId('count-pending')).toHaveText('1')
  await expect(page.getByTestId('feature-status')).toContainText('Enabled · 2 of 3 regions available')

  const summary = await client.summary()
  for (const r of summary.regions) {
    const row = page.getByTestId(`region-row-${r.slug}`)
    if (!r.kmsAvailable) {
      await expect(row).toContainText('Not available')
      continue
    }
    await expect(row.locator('[data-col="total"]')).toHaveText(String(r.totalKeys))
    await expect(row.locator('[data-col="active"]')).toHaveText(String(r.activeKeys))
    await expect(row.locator('[data-col="disabled"]')).toHaveText(String(r.disabledKeys))
    await expect(row.locator('[data-col="pending"]')).toHaveText(String(r.pendingDeletionKeys))
    await expect(page.getByTestId(`bar-${r.slug}-total`)).toHaveText(String(r.totalKeys))
  }
  await expect(page.getByTestId('bar-nl-01-active')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('bar-nl-01-disabled')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('bar-nl-01-pending')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('bar-nl-02-active')).toHaveAttribute('data-count', '1')
  // The chart has a text alternative naming every number.
  await expect(page.getByTestId('region-chart').locator('svg')).toHaveAttribute(
    'aria-label',
    /nl-01: 3 keys \(1 active, 1 disabled, 1 pending deletion\).*de-01: KMS not available/
  )
  await shootBoth(page, app.screenshot, 'overview')

  // A region can be chosen from the table; the scope bar follows.
  await page.getByRole('button', { name: 'Work in nl-02' }).click()
  await expect(page.getByTestId('region-select')).toHaveValue('nl-02')
})

test('the scope bar labels the Local sandbox and lists regions without KMS as unavailable', async ({ app }) => {
  const { page } = app
  await expect(page.getByTestId('sandbox-tag')).toHaveText('Local sandbox')
  await expect(page.getByTestId('profile-select').locator('option:checked')).toContainText(
    'Local sandbox (local, not the cloud)'
  )
  await expect(page.getByTestId('region-select').locator('option[value="de-01"]')).toContainText('KMS unavailable')
  // The picker holds project identities: X-Project-Identity takes the identity, not the slug.
  const alpha = (await (await bridgeOf(app).core.workspace.client()).projects()).find((p) => p.slug === 'alpha')!
  await page.getByTestId('project-select').selectOption({ label: 'Alpha' })
  await expect(page.getByTestId('project-select')).toHaveValue(alpha.identity)
  // The select shows the choice at once; main stores it when the scope call answers.
  await expect.poll(async () => (await bridgeOf(app).core.workspace.scope()).project).toBe(alpha.identity)
})
