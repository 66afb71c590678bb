import type { Locator, Page } from '@playwright/test'
import type { Bridge } from '../bridge/server'

/** Locators of the BYOK wizard. */
export class ByokPage {
  constructor(readonly page: Page) {}

  open = async () => {
    await this.page.getByTestId('nav-byok').click()
  }
  /** The ceremony's steps: 1 online (wrapping key), 2 offline (bundle), 3 online (import). */
  step = (n: 1 | 2 | 3): Locator => this.page.getByTestId(`byok-step-${n}`)
  byId = (id: string): Locator => this.page.getByTestId(id)
  error = (): Locator => this.page.getByTestId('error-panel')
}

/**
 * Answer the bridge's native dialogs from queues the test fills. The handlers look the dialog
 * functions up on the shared platform object at call time, so replacing them here takes effect.
 */
export function dialogQueues(bridge: Bridge): { save: string[]; open: string[][] } {
  const q = { save: [] as string[], open: [] as string[][] }
  bridge.platform.chooseSavePath = async () => q.save.shift()
  bridge.platform.chooseOpenPaths = async () => q.open.shift() ?? []
  return q
}

/** Names of the audited (KMS-calling) operations run from now on. */
export function watchKmsOperations(bridge: Bridge): string[] {
  const ops: string[] = []
  const ws = bridge.core.workspace
  const original = ws.audited.bind(ws)
  ws.audited = (operation, target, fn) => {
    ops.push(operation)
    return original(operation, target, fn)
  }
  return ops
}
