import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { bridgeOf, createKey } from './pages/kms-helpers'

test('Alt+1…7 switch sections and Ctrl+K opens the command palette', async ({ app }) => {
  const { page } = app
  const ids = ['overview', 'keys', 'crypto', 'files', 'byok', 'activity', 'settings']
  for (const [i, id] of ids.entries()) {
    await page.keyboard.press(`Alt+${i + 1}`)
    await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page')
  }
  await page.keyboard.press('Control+k')
  const palette = page.getByTestId('command-palette')
  await expect(palette).toBeVisible()
  const input = palette.getByRole('combobox', { name: 'Type a command' })
  await expect(input).toBeFocused()
  await input.fill('hmac')
  await expect(palette.getByRole('option')).toHaveCount(1)
  await page.keyboard.press('Enter')
  await expect(palette).toBeHidden()
  await expect(page.getByTestId('crypto-tab-hmac')).toHaveAttribute('aria-selected', 'true')

  await page.keyboard.press('Control+k')
  await input.fill('encrypt text')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('crypto-tab-encrypt')).toHaveAttribute('aria-selected', 'true')

  await page.keyboard.press('Control+k')
  await input.fill('go to act')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('nav-activity')).toHaveAttribute('aria-current', 'page')
  await app.screenshot('shortcuts-palette')
})

test('the palette exports the activity CSV from anywhere', async ({ app }) => {
  const bridge = bridgeOf(app)
  const dir = await mkdtemp(join(tmpdir(), 'e2e-palette-'))
  try {
    const target = join(dir, 'log.csv')
    bridge.platform.chooseSavePath = async () => target
    await app.page.keyboard.press('Control+k')
    await app.page.getByRole('combobox', { name: 'Type a command' }).fill('Export activity')
    await app.page.keyboard.press('Enter')
    await expect(app.page.getByTestId('toast').filter({ hasText: 'Activity exported' })).toContainText(target)
    expect(await readFile(target, 'utf8')).toMatch(/^time,profile,region,key,operation/)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('F5 refreshes, Ctrl+F searches (Activity keeps its own search), Ctrl+N goes to new key', async ({ app }) => {
  const bridge = bridgeOf(app)
  const { page } = app
  await expect(page.getByTestId('count-total')).toHaveText('0')
  await createKey(bridge, 'made-elsewhere', 'aes256-gcm96')
  await page.keyboard.press('F5')
  await expect(page.getByTestId('count-total')).toHaveText('1')

  await page.keyboard.press('Alt+6')
  await page.keyboard.press('Control+f')
  await expect(page.getByTestId('activity-search')).toBeFocused()
  await expect(page.getByTestId('nav-activity')).toHaveAttribute('aria-current', 'page')

  await page.keyboard.press('Alt+1')
  await page.keyboard.press('Control+f')
  await expect(page.getByTestId('nav-keys')).toHaveAttribute('aria-current', 'page')
  await page.keyboard.press('Alt+1')
  await page.keyboard.press('Control+n')
  await expect(page.getByTestId('nav-keys')).toHaveAttribute('aria-current', 'page')
})

test('tabs of the Crypto screen work with the arrow keys and focus is visible', async ({ app }) => {
  await createKey(bridgeOf(app), 'kbd-aes', 'aes256-gcm96')
  const { page } = app
  await page.keyboard.press('Alt+3')
  await page.getByTestId('crypto-tab-encrypt').focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('crypto-tab-sign')).toBeFocused()
  await expect(page.getByTestId('crypto-tab-sign')).toHaveAttribute('aria-selected', 'true')
  const outline = await page.getByTestId('crypto-tab-sign').evaluate((el) => getComputedStyle(el).outlineStyle)
  expect(outline).not.toBe('none')
  await page.keyboard.press('End')
  await expect(page.getByTestId('crypto-tab-hmac')).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('crypto-tab-encrypt')).toBeFocused()
})
