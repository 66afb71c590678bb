import { expect, type Locator, type Page } from '@playwright/test'

/** Longer than the hold on the wizard's Create button (600 ms in CreateKeyWizard.svelte). */
const CREATE_HOLD_MS = 1_000

export interface NewKey {
  type: string
  name: string
  description?: string
  labels?: Record<string, string>
  rotationDays?: number
  exportAllowed?: boolean
}

/** Locators and user-level steps of the Keys screen. */
export class KeysPage {
  readonly search: Locator
  readonly grid: Locator
  readonly rows: Locator
  readonly detail: Locator
  readonly count: Locator
  readonly wizard: Locator

  constructor(readonly page: Page) {
    this.search = page.getByTestId('key-search')
    this.grid = page.getByTestId('key-grid')
    this.rows = page.getByTestId('key-row')
    this.detail = page.getByTestId('key-detail')
    this.count = page.getByTestId('keys-count')
    this.wizard = page.getByTestId('create-key-dialog')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-keys').click()
    await expect(this.page.getByRole('heading', { level: 1, name: 'Keys' })).toBeVisible()
  }

  row(slug: string): Locator {
    return this.page.locator(`[data-testid="key-row"][data-key="${slug}"]`)
  }

  async create(k: NewKey): Promise<void> {
    await this.page.getByTestId('new-key').click()
    await expect(this.wizard).toBeVisible()
    await this.wizard.getByTestId(`type-${k.type}`).check()
    await this.wizard.getByTestId('create-next').click()
    await this.fillDetails(k)
    await this.submitWizard()
  }

  /**
   * Details → Review → Create (the review step names where the key is created). `advanceClock`: the
   * test installed the page's clock (`page.clock.install()`, context-wide: `ownContext`), so the hold
   * on Create is passed by advancing the clock rather than waited out.
   */
  async submitWizard(o: { advanceClock?: boolean } = {}): Promise<void> {
    await this.wizard.getByTestId('create-review').click()
    const review = this.wizard.getByTestId('create-where')
    const nameError = this.wizard.getByTestId('create-name-error').and(this.page.locator('.field-error'))
    await expect(review.or(nameError)).toBeVisible()
    if (!(await review.isVisible())) return
    // Create is held disabled for a moment after Review shows (a double click must not create). A click
    // on a disabled button is retried after 0.5 s steps; polling every 50 ms clicks it once it is live.
    if (o.advanceClock) await this.page.clock.runFor(CREATE_HOLD_MS)
    await this.page.waitForFunction(
      () => document.querySelector<HTMLButtonElement>('[data-testid="create-submit"]')?.disabled === false,
      undefined,
      { polling: 50 }
    )
    await this.wizard.getByTestId('create-submit').click()
  }

  async fillDetails(k: NewKey): Promise<void> {
    const w = this.wizard
    await w.getByTestId('create-name').fill(k.name)
    if (k.description) await w.getByTestId('create-description').fill(k.description)
    for (const [key, value] of Object.entries(k.labels ?? {})) {
      await w.getByTestId('create-labels-add').click()
      await w.getByTestId('create-labels-key').last().fill(key)
      await w.getByTestId('create-labels-value').last().fill(value)
    }
    if (k.rotationDays !== undefined) {
      await w.getByTestId('create-rotation').check()
      await w.getByTestId('create-period').fill(String(k.rotationDays))
    }
    if (k.exportAllowed) await w.getByTestId('create-export').check()
  }

  async find(text: string): Promise<void> {
    await this.search.fill(text)
  }

  async openKey(slug: string): Promise<void> {
    // The name cell (the first cell is the bulk-selection box).
    await this.row(slug).locator('.name .text').click()
    await expect(this.detail).toBeVisible()
    await expect(this.detail.getByTestId('detail-slug')).toHaveText(slug)
  }

  /** Clicks the confirm button of the open ConfirmDialog, typing the name first when asked. */
  async confirm(typed?: string): Promise<void> {
    const d = this.page.getByTestId('confirm-dialog')
    await expect(d).toBeVisible()
    if (typed !== undefined) await d.getByTestId('confirm-input').fill(typed)
    await d.getByTestId('confirm-button').click()
    await expect(d).toBeHidden()
  }

  toast(text: string | RegExp): Locator {
    return this.page.getByTestId('toast').filter({ hasText: text })
  }
}
