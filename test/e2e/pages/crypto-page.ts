import { expect, type Locator, type Page } from '@playwright/test'

/** Locators and steps of the Crypto screen. */
export class CryptoPage {
  constructor(readonly page: Page) {}

  tab(op: 'encrypt' | 'sign' | 'hmac'): Locator {
    return this.page.getByTestId(`crypto-tab-${op}`)
  }
  get keySelect(): Locator {
    return this.page.getByTestId('crypto-key-select')
  }
  async open(op: 'encrypt' | 'sign' | 'hmac' = 'encrypt'): Promise<void> {
    await this.page.getByTestId('nav-crypto').click()
    await this.tab(op).click()
    await expect(this.tab(op)).toHaveAttribute('aria-selected', 'true')
  }
  async pickKey(name: string): Promise<void> {
    const option = this.keySelect.locator('option', { hasText: name })
    await this.keySelect.selectOption((await option.getAttribute('value')) ?? '')
  }
  async fill(
    prefix: 'encrypt-input' | 'sign-input' | 'hmac-input',
    text: string,
    encoding: 'utf8' | 'base64' = 'utf8'
  ): Promise<void> {
    await this.page.getByTestId(`${prefix}-${encoding}`).check()
    await this.page.getByTestId(`${prefix}-text`).fill(text)
  }
  value(testId: string): Locator {
    return this.page.getByTestId(`${testId}-value`)
  }
  async encrypt(text: string, encoding: 'utf8' | 'base64' = 'utf8'): Promise<string> {
    await this.fill('encrypt-input', text, encoding)
    await this.page.getByTestId('encrypt-run').click()
    await expect(this.value('encrypt-result')).toContainText(/^thalassa:v\d+:/)
    return (await this.value('encrypt-result').textContent()) ?? ''
  }
  async decrypt(ciphertext: string): Promise<string> {
    await this.page.getByTestId('decrypt-input').fill(ciphertext)
    await this.page.getByTestId('decrypt-run').click()
    await expect(this.page.getByTestId('decrypt-result')).toBeVisible()
    // Decrypted plaintext is masked until revealed.
    await this.page.getByTestId('decrypt-result-reveal').click()
    return (await this.value('decrypt-result').textContent()) ?? ''
  }
  get outcome(): Locator {
    return this.page.getByTestId('verify-outcome')
  }
  get error(): Locator {
    return this.page.getByTestId('error-panel')
  }
}
