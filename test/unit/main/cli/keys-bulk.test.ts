import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, ok, setup } from './helpers'

type Env = Awaited<ReturnType<typeof setup>>
let t: Env
beforeAll(async () => {
  t = await setup()
  for (const [name, type, env] of [
    ['pay-a', 'aes256-gcm96', 'prod'],
    ['pay-b', 'aes256-gcm96', 'prod'],
    ['pay-c', 'aes256-gcm96', 'dev'],
    ['sig-a', 'ecdsa-p256', 'prod']
  ] as const)
    ok(await t.run(['keys', 'create', name, '--type', type, '--label', `env=${env}`]))
}, 60_000)
afterAll(async () => t?.cleanup())

const j = (args: string[]) => t.run(['--output', 'json', ...args])
/** A refusal of the command line: exit code 1 and the error as JSON on stderr. */
const exit1 = <R extends { code: number | null }>(r: R): R => {
  expect(r.code).toBe(1)
  return r
}
type Listed = {
  name: string
  status: string
  latestVersion: number
  keyRotationEnabled: boolean
  rotationPeriodInDays?: number
}
const keys = async () =>
  new Map(
    ok(await j(['keys', 'list']))
      .json<Listed[]>()
      .map((k) => [k.name, k])
  )

describe('tkms keys bulk (subprocess against a sandbox)', { timeout: 120_000 }, () => {
  it('--dry-run lists what the selectors pick and changes nothing', async () => {
    const r = ok(
      await j([
        'keys',
        'bulk',
        'disable',
        '--label',
        'env=prod',
        '--type',
        'aes256-gcm96',
        '--status',
        'active',
        '--dry-run'
      ])
    )
    expect(
      r
        .json<{ count: number; keys: { name: string }[] }>()
        .keys.map((k) => k.name)
        .sort()
    ).toEqual(['pay-a', 'pay-b'])
    expect([...(await keys()).values()].every((k) => k.status === 'active')).toBe(true)
  })

  it('rotates and sets the rotation policy of the selected keys, reporting each key', async () => {
    const r = ok(await j(['keys', 'bulk', 'rotate', '--label', 'env=prod', '--type', 'aes256-gcm96']))
    expect(
      r
        .json<{ results: { name: string; outcome: string }[] }>()
        .results.map((x) => [x.name, x.outcome])
        .sort()
    ).toEqual([
      ['pay-a', 'done'],
      ['pay-b', 'done']
    ])
    ok(await j(['keys', 'bulk', 'set-rotation', '--all', '--rotation', 'on', '--period', '30']))
    const k = await keys()
    expect([k.get('pay-a')?.latestVersion, k.get('pay-b')?.latestVersion, k.get('pay-c')?.latestVersion]).toEqual([
      2, 2, 1
    ])
    expect([...k.values()].every((x) => x.keyRotationEnabled && x.rotationPeriodInDays === 30)).toBe(true)
    const logged = ok(await j(['activity', 'show', '--operation', 'keys:bulk-rotate'])).json<
      { key: string; outcome: string }[]
    >()
    expect(logged.map((e) => [e.key, e.outcome]).sort()).toEqual([
      ['pay-a', 'ok'],
      ['pay-b', 'ok']
    ])
  })

  it('schedule-deletion refuses without the right --confirm count and touches nothing', async () => {
    const missing = await j(['keys', 'bulk', 'schedule-deletion', '--label', 'env=dev'])
    expect(errorOf(exit1(missing)).message).toMatch(/needs the count typed back/)
    const wrong = await j(['keys', 'bulk', 'schedule-deletion', '--label', 'env=dev', '--confirm', '2'])
    expect(errorOf(exit1(wrong)).message).toMatch(/typed count 2 does not match the 1 key/)
    expect((await keys()).get('pay-c')?.status).toBe('active')
    ok(await j(['keys', 'bulk', 'schedule-deletion', '--label', 'env=dev', '--confirm', '1']))
    expect((await keys()).get('pay-c')?.status).toBe('pending_deletion')
  })

  it('refuses an empty selection and says labels cannot be changed', async () => {
    expect(errorOf(exit1(await j(['keys', 'bulk', 'disable']))).message).toMatch(/Say which keys/)
    expect(errorOf(exit1(await j(['keys', 'bulk', 'add-label', '--all']))).message).toMatch(/cannot change the labels/)
  })
})
