import { expect, test } from './fixtures'
import { ByokPage } from './pages/byok-page'
import { presetWrappingKey } from './pages/wrapping-key'
import { eachLayout, shotName } from './screen-matrix'

eachLayout((layout) => {
  test('BYOK: one ceremony in three steps, each saying which machine it is for, with its checks', async ({ app }) => {
    const ui = new ByokPage(app.page)
    await presetWrappingKey(app.bridge)
    await ui.open()
    await expect(ui.byId('byok-steps').getByRole('button')).toHaveText([
      /Get the wrapping key\s*Online machine/,
      /Prepare the wrapped bundle\s*Offline machine/,
      /Import the bundle\s*Online machine/
    ])
    await expect(ui.step(1)).toHaveAttribute('aria-current', 'step')
    await expect(ui.byId('byok-machine')).toContainText('Step 1 of 3 · Online machine')
    await expect(ui.byId('byok-progress')).toHaveText('(0 of 2 done)')
    await ui.byId('byok-fetch-wk').click()
    await expect(ui.byId('byok-check-wk-fetched')).toHaveAttribute('data-done', 'true')
    await expect(ui.byId('byok-progress')).toHaveText('(1 of 2 done)')
    await ui.byId('byok-wk-aloud').locator('summary').click()
    await expect(ui.byId('byok-wk-aloud').getByRole('listitem')).toHaveCount(16)
    await expect(ui.byId('byok-wk-aloud').getByRole('listitem').first()).toHaveText(
      /^\s*1\s+[0-9a-f]{4}\s+(\w+ ){3}\w+\s*$/
    )
    await app.screenshot(shotName('byok-step1', layout))

    await ui.step(2).click()
    await expect(ui.byId('byok-machine')).toHaveAttribute('data-machine', 'offline')
    await expect(ui.byId('byok-machine')).toContainText('makes no network call')
    // The wrapping key of step 1 does not follow: the offline machine starts from the file.
    await expect(ui.byId('byok-wrapping-key')).toHaveCount(0)
    await expect(ui.byId('byok-progress')).toHaveText('(0 of 5 done)')
    await app.screenshot(shotName('byok-step2', layout))

    await ui.step(3).click()
    await expect(ui.byId('byok-machine')).toContainText('Step 3 of 3 · Online machine again')
    await expect(ui.byId('byok-checks').getByRole('listitem')).toHaveCount(4)
  })
})
