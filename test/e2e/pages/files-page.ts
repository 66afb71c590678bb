import { basename } from 'node:path'
import type { Locator, Page } from '@playwright/test'

/** Locators and actions of the Files screen. */
export class FilesPage {
  readonly screen: Locator
  readonly dropZone: Locator
  readonly selected: Locator
  readonly start: Locator
  readonly jobs: Locator
  readonly cancelAll: Locator

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('files-screen')
    this.dropZone = page.getByTestId('drop-zone')
    this.selected = page.getByTestId('selected-file')
    this.start = page.getByTestId('files-start')
    this.jobs = page.getByTestId('job')
    this.cancelAll = page.getByTestId('cancel-all')
  }

  async open(): Promise<void> {
    await this.page.getByTestId('nav-files').click()
    await this.screen.waitFor()
  }

  operation(id: string): Locator {
    return this.page.getByTestId(`op-${id}`)
  }

  /** Adds a recipient with the picker: type its slug, take the highlighted match with Enter. */
  async addRecipient(slug: string): Promise<void> {
    const search = this.page.getByTestId('recipient-search')
    await search.fill(slug)
    await this.page.getByTestId(`recipient-option-${slug}`).waitFor()
    await search.press('Enter')
    await this.page.getByTestId(`recipient-chip-${slug}`).waitFor()
  }

  job(name: string): Locator {
    return this.page.locator(`[data-testid="job"][data-name="${name}"]`)
  }

  /**
   * A real drop event whose DataTransfer holds File objects. The bridge's pathForFile answers from
   * window.__bridgeFilePaths (as webUtils.getPathForFile does in the app); a folder is a File whose
   * registered path is the folder.
   */
  async drop(paths: string[]): Promise<void> {
    const items = paths.map((p) => ({ name: basename(p), path: p }))
    await this.dropZone.evaluate((el, list) => {
      window.__bridgeFilePaths = {
        ...window.__bridgeFilePaths,
        ...Object.fromEntries(list.map((i) => [i.name, i.path]))
      }
      const dt = new DataTransfer()
      for (const i of list) dt.items.add(new File(['x'], i.name))
      el.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }))
      el.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
    }, items)
  }
}
