import { expect, type Locator, type Page } from '@playwright/test'

export interface NewProfile {
  name: string
  endpoint?: string
  organisation: string
  project?: string
  region?: string
  auth?: 'pat' | 'access-token' | 'client-credentials'
  clientId?: string
  secret?: string
}

/** Locators and steps of the Settings screen. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-settings').click()
    await expect(this.page.getByRole('heading', { name: 'Connection profiles' })).toBeVisible()
  }
  row(name: string): Locator {
    return this.page.locator(`[data-testid="profile-row"][data-profile-name="${name}"]`)
  }
  async create(p: NewProfile): Promise<void> {
    await this.page.getByTestId('new-profile').click()
    const form = this.page.getByTestId('profile-form')
    await form.getByTestId('pf-name').fill(p.name)
    if (p.endpoint) await form.getByTestId('pf-endpoint').fill(p.endpoint)
    await form.getByTestId('pf-organisation').fill(p.organisation)
    if (p.project) await form.getByTestId('pf-project').fill(p.project)
    if (p.region) await form.getByTestId('pf-region').fill(p.region)
    await form.getByTestId(`pf-auth-${p.auth ?? 'pat'}`).check()
    if (p.clientId) await form.getByTestId('pf-client-id').fill(p.clientId)
    if (p.secret) await form.getByTestId('pf-secret').fill(p.secret)
    await form.getByTestId('pf-create').click()
    await expect(form).toBeHidden()
    await expect(this.row(p.name)).toBeVisible()
  }
  async test(name: string): Promise<Locator> {
    await this.row(name).getByTestId('profile-test').click()
    const result = this.row(name).getByTestId('test-result')
    await expect(result).toBeVisible()
    return result
  }
  async use(name: string): Promise<void> {
    await this.row(name).getByTestId('profile-use').click()
    await expect(this.row(name).getByTestId('profile-active')).toBeVisible()
  }
}
