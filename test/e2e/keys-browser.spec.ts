import { expect, test } from './fixtures'
import { KeysPage } from './pages/keys'
import { bridgeOf, seedKeys } from './pages/keys-bridge'

const TYPES = ['aes256-gcm96', 'ed25519', 'hmac-sha256', 'chacha20-poly1305'] as const

test('browser: search, local and server filters, sort, keyboard, shortcuts and reload', async ({ app }) => {
  const bridge = bridgeOf(app.bridge)
  const seeded = await seedKeys(
    bridge,
    'nl-01',
    Array.from({ length: 60 }, (_, i) => ({
      name: `svc ${String(i).padStart(2, '0')}`,
      keyType: TYPES[i % TYPES.length] ?? 'aes256-gcm96',
      labels: { env: i % 3 === 0 ? 'prod' : 'dev', shard: String(i % 5) }
    }))
  )
  const client = await bridge.core.workspace.client()
  await client.disable('nl-01', 'svc-07')
  await client.scheduleDeletion('nl-01', 'svc-08')
  const page = app.page
  const keys = new KeysPage(page)
  await keys.open()
  await expect(keys.count).toHaveText(/60 keys in nl-01/)
  // Virtualized: far fewer rows in the DOM than keys.
  expect(await keys.rows.count()).toBeLessThan(60)

  // Shortcuts: `/` and Ctrl+F focus the search, also from another section.
  await page.getByTestId('nav-overview').click()
  await page.keyboard.press('Control+f')
  await expect(keys.search).toBeFocused()
  await keys.search.fill('svc-4')
  await expect(keys.count).toHaveText(/60 keys in nl-01, 10 shown/)
  await keys.search.fill('')
  await keys.grid.focus()
  await page.keyboard.press('/')
  await expect(keys.search).toBeFocused()

  // Local filters.
  await page.getByTestId('filter-status').selectOption('disabled')
  await expect(keys.rows).toHaveCount(1)
  await expect(keys.row('svc-07')).toBeVisible()
  await page.getByTestId('filter-status').selectOption('pending_deletion')
  await expect(keys.row('svc-08')).toBeVisible()
  await page.getByTestId('filter-status').selectOption('')
  await page.getByTestId('filter-type').selectOption('ed25519')
  await page.getByTestId('filter-labels').fill('env=prod, shard=1')
  // i ≡ 1 (mod 4), i ≡ 0 (mod 3), i ≡ 1 (mod 5): i = 21
  await expect(keys.rows).toHaveCount(1)
  await expect(keys.row('svc-21')).toBeVisible()
  await app.screenshot('keys-filtered')
  await page.getByTestId('filter-labels').fill('=x')
  await expect(page.getByTestId('key-filters')).toContainText('has no label key')
  await page.getByTestId('clear-filters').click()
  await expect(keys.count).toHaveText(/^60 keys in nl-01$/)

  // Sort by name, both directions.
  await page.getByTestId('sort-name').click()
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'ascending')
  await expect(keys.rows.first()).toHaveAttribute('data-key', 'svc-00')
  await page.getByTestId('sort-name').click()
  await expect(page.getByRole('columnheader', { name: /Name/ })).toHaveAttribute('aria-sort', 'descending')
  await expect(keys.rows.first()).toHaveAttribute('data-key', 'svc-59')

  // Keyboard: End goes to the last row (scrolling it into view), Enter opens it, Home and arrows move.
  await keys.grid.focus()
  await page.keyboard.press('End')
  await expect(keys.grid).toHaveAttribute('aria-activedescendant', 'key-row-59')
  await page.keyboard.press('Enter')
  await expect(keys.detail.getByTestId('detail-slug')).toHaveText('svc-00')
  await keys.detail.getByTestId('detail-close').click()
  await expect(keys.grid).toBeFocused()
  await page.keyboard.press('Home')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')
  await expect(keys.detail.getByTestId('detail-slug')).toHaveText('svc-58')
  // Escape closes the drawer too.
  await page.keyboard.press('Escape')
  await expect(keys.detail).toBeHidden()

  // Server filter: exact slug, then clear.
  await page.getByTestId('server-field').selectOption('slug')
  await page.getByTestId('server-value').fill('svc-33')
  await page.getByTestId('server-apply').click()
  await expect(keys.count).toHaveText(/^1 key in nl-01$/)
  await page.getByTestId('server-value').fill('nope')
  await page.getByTestId('server-apply').click()
  await expect(page.getByTestId('keys-empty-server')).toContainText('slug “nope”')
  await page.getByTestId('server-clear').click()
  await expect(keys.count).toHaveText(/^60 keys in nl-01$/)

  // Refresh (session.generation) picks up a key made elsewhere.
  await seedKeys(bridge, 'nl-01', [{ name: 'made elsewhere', keyType: 'aes128-gcm96' }])
  await page.keyboard.press('F5')
  await expect(keys.count).toHaveText(/^61 keys in nl-01$/)

  // Ctrl+N opens the wizard from anywhere.
  await page.getByTestId('nav-overview').click()
  await page.keyboard.press('Control+n')
  await expect(keys.wizard).toBeVisible()
  expect(seeded).toHaveLength(60)
})
