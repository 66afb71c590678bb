import { expect, type AppUnderTest } from './fixtures'
import { KeysPage } from './pages/keys'
import { bridgeOf, seedKeys } from './pages/keys-bridge'
import { violationsNow } from './pages/axe'
import { testEachLayout } from './pages/layouts'

const SPECS = [
  { name: 'payments-api-eu-prod', keyType: 'aes256-gcm96', labels: { team: 'payments', env: 'prod' } },
  { name: 'release-signing', keyType: 'ecdsa-p384', labels: { team: 'platform' } },
  { name: 'webhook-hmac', keyType: 'hmac-sha512', labels: { team: 'integrations' } },
  { name: 'backup-escrow', keyType: 'rsa-2048', labels: { team: 'security' } }
] as const

/** Seeds SPECS in nl-01 and opens the key browser on them. */
async function openSeededKeys(app: AppUnderTest) {
  const bridge = bridgeOf(app.bridge)
  await seedKeys(
    bridge,
    'nl-01',
    SPECS.map((s) => ({ ...s, labels: { ...s.labels } }))
  )
  const keys = new KeysPage(app.page)
  await keys.open()
  await expect(keys.rows).toHaveCount(4)
  return { bridge, page: app.page, keys }
}

testEachLayout(
  'keys: list and detail side by side, actions on top, focus in and back, Disable confirmed and undone',
  async (app, v) => {
    const { bridge, page, keys } = await openSeededKeys(app)

    // Responsive columns: at 1280 px slug, type and date are whole; labels have their own column.
    const row = keys.row('payments-api-eu-prod')
    await expect(row.getByTestId('key-labels')).toContainText('team=payments')
    if (v.viewport.width >= 1280) {
      for (const cls of ['c-slug', 'c-type', 'c-created']) {
        const cell = row.locator(`.${cls}`)
        await expect(cell).toBeVisible()
        const [sw, cw] = await cell.evaluate((el) => [el.scrollWidth, el.clientWidth])
        expect(sw, `${cls} truncated`).toBeLessThanOrEqual(cw!)
      }
    }
    // Every header sits over its own column, the selection column included.
    const headX = await page
      .getByTestId('key-table')
      .getByRole('columnheader')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().x)))
    const cellX = await row
      .getByRole('gridcell')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().x)))
    expect(headX).toEqual(cellX)
    // One copy menu on the hovered row, not a Copy button per row.
    await expect(page.getByRole('button', { name: 'Copy', exact: true })).toHaveCount(0)
    await row.hover()
    expect(await page.getByTestId('row-menu').count()).toBeLessThanOrEqual(2)
    await row.getByTestId('row-menu').click()
    expect(await violationsNow(page), 'row menu').toEqual([])
    await page.getByTestId('copy-identity').click()
    const id = (await bridge.core.workspace.client().then((c) => c.listKeys('nl-01'))).find(
      (k) => k.name === 'payments-api-eu-prod'
    )!.identity
    // The toast comes once the copy has answered: then the clipboard holds the identity.
    await expect(
      page.getByTestId('toast').filter({ hasText: 'Copied the identity of payments-api-eu-prod' })
    ).toBeVisible()
    expect(bridge.platform.clipboard).toBe(id)
    await expect(keys.detail).toHaveCount(0)

    // Split view: the list stays visible beside the detail, and focus moves into the detail.
    await keys.openKey('payments-api-eu-prod')
    await expect(page.locator('#detail-title')).toBeFocused()
    const list = await keys.grid.boundingBox()
    const detail = await keys.detail.boundingBox()
    expect(list!.width).toBeGreaterThan(200)
    expect(detail!.x).toBeGreaterThanOrEqual(list!.x + list!.width - 1)
    await expect(keys.row('release-signing').getByRole('gridcell').first()).toBeInViewport()
    // Actions sit at the top of the detail, above the facts.
    const actions = await keys.detail.getByTestId('key-actions').boundingBox()
    const facts = await keys.detail.getByTestId('detail-identity').boundingBox()
    expect(actions!.y).toBeLessThan(facts!.y)

    // Disable asks first, saying what stops; Cancel changes nothing.
    await keys.detail.getByTestId('disable-key').click()
    const dialog = page.getByTestId('confirm-dialog')
    await expect(dialog.getByTestId('disable-stops')).toContainText('decrypt')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect(keys.detail.getByTestId('status-badge')).toHaveText('active')
    await keys.detail.getByTestId('disable-key').click()
    await app.screenshot(`keys-disable-confirm-${v.name.replace(/\W+/g, '-')}`)
    expect(await violationsNow(page), 'disable dialog').toEqual([])
    await keys.confirm()
    await expect(keys.detail.getByTestId('status-badge')).toHaveText('disabled')
    // Enable is right there, and the rotate hint names the fix for this state.
    await expect(keys.detail.getByTestId('rotate-blocked')).toContainText('enable it')
    await keys.detail.getByTestId('enable-key').click()
    await expect(keys.detail.getByTestId('status-badge')).toHaveText('active')

    // A pending deletion: the hint is "cancel the deletion", and no rotation is shown as due.
    await keys.detail.getByTestId('schedule-deletion').click()
    await keys.confirm('payments-api-eu-prod')
    await expect(keys.detail.getByTestId('rotate-blocked')).toContainText('cancel the deletion')
    await expect(keys.detail.getByTestId('rotate-blocked')).not.toContainText('enable')
    await expect(keys.detail.getByTestId('next-rotation-marker')).toHaveCount(0)
    // The outcome toasts stack at the foot of the sidebar, none over the screen being worked in.
    await expect(keys.toast('Deletion of payments-api-eu-prod scheduled')).toBeVisible()
    const mainLeft = (await page.locator('main').boundingBox())!.x
    for (const toast of await page.getByTestId('toast').all()) {
      const box = (await toast.boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(mainLeft)
    }
    await app.screenshot(`keys-split-${v.name.replace(/\W+/g, '-')}`)

    // Closing returns focus to the list.
    await keys.detail.getByTestId('detail-close').click()
    await expect(keys.grid).toBeFocused()
  }
)

testEachLayout(
  'a failed refresh keeps the loaded keys, marked stale, with a retry; a new region does not',
  async (app) => {
    const { bridge, page, keys } = await openSeededKeys(app)

    bridge.core.sandbox.setFaults({ errorRate: 1, errorStatus: 500 })
    await page.getByTestId('keys-refresh').click()
    const banner = page.getByTestId('stale-banner')
    await expect(banner).toContainText('the refresh failed')
    await expect(keys.rows).toHaveCount(4)
    await expect(keys.count).toContainText('4 keys')
    await expect(page.getByTestId('keys-error')).toHaveCount(0)

    bridge.core.sandbox.setFaults({ errorRate: 0 })
    await page.getByTestId('stale-retry').click()
    await expect(banner).toHaveCount(0)
    await expect(keys.rows).toHaveCount(4)

    // Another region's failure is not "stale nl-01 keys": it is shown as that region's error, compactly.
    await page.getByTestId('region-select').selectOption('de-01')
    const err = page.getByTestId('keys-error')
    await expect(err).toBeVisible()
    await expect(keys.rows).toHaveCount(0)
    await expect(banner).toHaveCount(0)
    const box = await err.getByTestId('error-panel').boundingBox()
    expect(box!.height).toBeLessThan(160)
  }
)
