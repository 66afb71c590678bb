import { expect, test } from './fixtures'
import { KeysPage } from './pages/keys'
import { bridgeOf } from './pages/kms-helpers'
import { eachLayout, shotName } from './screen-matrix'

async function keysNamed(app: { bridge: Parameters<typeof bridgeOf>[0]['bridge'] }, name: string) {
  const client = await bridgeOf(app).core.workspace.client()
  return (await client.listKeys('nl-01')).filter((k) => k.name === name)
}

eachLayout((layout) => {
  test('create wizard: purpose groups, review names where, symmetric rotation on at 90 days', async ({ app }) => {
    const keys = new KeysPage(app.page)
    const w = keys.wizard
    await keys.open()
    await app.page.getByTestId('new-key').click()
    await expect(w.getByRole('group')).toHaveText([/^Encrypt data/, /^Sign and verify/, /^HMAC/])
    await expect(w.getByTestId('purpose-encrypt').getByRole('radio')).toHaveCount(3)
    await expect(w.getByTestId('purpose-sign').getByRole('radio')).toHaveCount(7)
    await expect(w.getByTestId('purpose-hmac').getByRole('radio')).toHaveCount(3)
    await expect(w.getByTestId('type-ed25519').locator('..')).toContainText('Pick this when')
    await expect(w.getByTestId('create-type-irreversible')).toContainText('cannot be changed later')
    // Roomy: the first choice of the first two purposes are on screen without scrolling.
    await expect(w.getByTestId('type-aes256-gcm96')).toBeInViewport()
    await expect(w.getByTestId('type-ecdsa-p256')).toBeInViewport()
    await app.screenshot(shotName('create-wizard-type', layout))

    await w.getByTestId('create-next').click()
    await expect(w.getByTestId('create-rotation')).toBeChecked()
    await expect(w.getByTestId('create-period')).toHaveValue('90')
    await keys.fillDetails({ type: 'aes256-gcm96', name: 'Payments API', labels: { team: 'pay' } })
    await w.getByTestId('create-review').click()
    await expect(w.getByTestId('create-where')).toContainText('Local sandbox')
    await expect(w.getByTestId('create-where')).toContainText(/organisation \S+ · region nl-01 · project /)
    await expect(w.getByTestId('review-type')).toContainText('aes256-gcm96')
    await expect(w.getByTestId('create-review-list').getByText('Fixed at creation')).toHaveCount(6)
    await expect(w.getByTestId('review-export')).toContainText('Not allowed')
    await expect(w.getByTestId('review-rotation')).toHaveText('Every 90 days')
    await expect(w.getByTestId('review-labels')).toHaveText('team=pay')
    await app.screenshot(shotName('create-wizard-review', layout))
    await w.getByTestId('create-submit').click()
    await expect(w).toBeHidden()
    const [made] = await keysNamed(app, 'Payments API')
    expect(made).toMatchObject({
      keyType: 'aes256-gcm96',
      keyRotationEnabled: true,
      rotationPeriodInDays: 90,
      exportAllowed: false
    })
  })
})

test('signing keys start with rotation off; going back keeps the choices', async ({ app }) => {
  const keys = new KeysPage(app.page)
  await keys.open()
  await app.page.getByTestId('new-key').click()
  await keys.wizard.getByTestId('type-ed25519').check()
  await keys.wizard.getByTestId('create-next').click()
  await expect(keys.wizard.getByTestId('create-rotation')).not.toBeChecked()
  await keys.wizard.getByTestId('create-name').fill('Release')
  await keys.wizard.getByTestId('create-export').check()
  await keys.wizard.getByTestId('create-review').click()
  await expect(keys.wizard.getByTestId('review-export')).toContainText('Allowed: anyone')
  await expect(keys.wizard.getByTestId('review-rotation')).toHaveText('Off')
  await keys.wizard.getByTestId('create-back').click()
  await expect(keys.wizard.getByTestId('create-name')).toHaveValue('Release')
  await expect(keys.wizard.getByTestId('create-export')).toBeChecked()
})

test('guard: double clicks never create unreviewed or twice; bad input stays on the details step', async ({ app }) => {
  const keys = new KeysPage(app.page)
  const w = keys.wizard
  await keys.open()
  await app.page.getByTestId('new-key').click()
  await w.getByTestId('create-next').click()
  await w.getByTestId('create-name').fill('---')
  await w.getByTestId('create-review').click()
  await expect(w.getByTestId('create-name-error')).toContainText('at least one letter')
  await expect(w.getByTestId('create-where')).toHaveCount(0)

  await w.getByTestId('create-name').fill('Once only')
  // The second click of this double click lands on Create, which must not fire yet.
  await w.getByTestId('create-review').dblclick()
  await expect(w.getByTestId('create-where')).toBeVisible()
  await expect(w).toBeVisible()
  expect(await keysNamed(app, 'Once only')).toHaveLength(0)

  await w.getByTestId('create-submit').dblclick()
  await expect(w).toBeHidden()
  await expect(keys.toast('Created Once only')).toBeVisible()
  expect(await keysNamed(app, 'Once only')).toHaveLength(1)
})
