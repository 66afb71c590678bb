import { expect, test } from './fixtures'
import { ByokPage } from './pages/byok-page'
import { presetWrappingKey } from './pages/wrapping-key'
import { expectAxeClean } from './pages/axe'
import { forEachLayout, shotName } from './pages/layouts'

/** Upper-case groups of four, as the report shows them for reading aloud. */
const groups = (fp: string) => fp.replace(/:/g, '').toUpperCase().match(/.{4}/g) ?? []

forEachLayout((layout) => {
  test.setTimeout(150_000)
  test('the BYOK import report groups the wrapping-key fingerprint for reading aloud and compares a pasted one', async ({
    app
  }) => {
    test.skip(app.bridge === undefined, 'imports into the sandbox behind the test bridge')
    const ui = new ByokPage(app.page)
    await presetWrappingKey(app.bridge)
    await ui.open()
    await ui.step(2).click()
    await ui.byId('byok-fetch-wk').click()
    const fp = (await ui.byId('byok-wk-fingerprint').textContent()) ?? ''
    expect(fp).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/)
    await ui.byId('byok-key-type').selectOption('aes256-gcm96')
    await ui.byId('byok-generate').click()
    await ui.byId('byok-name').fill(`e2e-report-${layout.colorScheme}-${layout.viewport.width}`)
    await ui.byId('byok-import-now').click()
    await expect(ui.byId('byok-report')).toHaveAttribute('data-ok', 'true')

    // Sixteen numbered groups of four, in the order of the colon notation.
    const grouped = ui.byId('byok-report-wk-fingerprint-groups')
    await expect(grouped.locator('li')).toHaveCount(16)
    await expect(grouped).toHaveText(
      groups(fp)
        .map((g, i) => `${i + 1}${g}`)
        .join('')
    )

    const input = ui.byId('byok-report-wk-compare-input')
    const result = ui.byId('byok-report-wk-compare-result')
    await input.fill(groups(fp).join(' ').toLowerCase())
    await expect(result).toHaveAttribute('data-kind', 'match')
    await expect(result).toContainText('all 16 groups agree')
    // A copy with the last group swapped for another's: the group is named, not a match.
    const swapped = [...groups(fp).slice(0, 15), groups(fp)[15] === '0000' ? '1111' : '0000'].join(':')
    await input.fill(swapped)
    await expect(result).toContainText('Mismatch at group 16')
    await expectAxeClean(app.page)
    await app.screenshot(shotName('byok-report-compare', layout))
  })
})
