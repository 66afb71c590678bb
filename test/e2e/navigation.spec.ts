import { expect, test } from './fixtures'

const sections = ['overview', 'keys', 'crypto', 'files', 'byok', 'activity', 'settings'] as const

test('navigates every section of the real renderer', async ({ app }) => {
  const { page } = app
  for (const id of sections) {
    await page.getByTestId(`nav-${id}`).click()
    await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await app.screenshot(`nav-${id}`)
  }
})

test('the renderer reaches main through the contract', async ({ app }) => {
  const { page } = app
  await expect(page.getByTestId('active-profile')).toContainText('Local sandbox')
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('app-info')).toContainText('Thalassa KMS Desktop')
})
