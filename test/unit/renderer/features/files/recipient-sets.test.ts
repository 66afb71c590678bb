import { describe, expect, it } from 'vitest'
import type { RecipientSet } from '@contract/schemas/recipient-sets'
import {
  RecipientSetsState,
  type RecipientSetsApi
} from '../../../../../src-renderer/src/features/files/recipient-sets.svelte'
import { fail, ok, scripted } from '../../fakes'

const pay = { region: 'nl-01', identity: 'k1', slug: 'payments' }
const set = (name: string): RecipientSet => ({ name, recipients: [pay] })

function state(saves: Parameters<typeof scripted>, listed = ok([set('old')])) {
  const save = scripted(...saves)
  const api = { recipients: { listSets: async () => listed, saveSet: save.fn } } as unknown as RecipientSetsApi
  return { sets: new RecipientSetsState(api), save }
}

describe('the saved recipient sets', () => {
  it('lists the sets and shows the list main answers after a save', async () => {
    const { sets, save } = state([ok([set('old'), set('payments')])])
    expect(await sets.load()).toBe(true)
    expect(await sets.save('payments', [pay])).toBe(true)
    expect(save.calls).toEqual([{ name: 'payments', recipients: [pay] }])
    expect([sets.sets.map((s) => s.name), sets.action.busy, sets.action.error]).toEqual([
      ['old', 'payments'],
      false,
      undefined
    ])
  })

  it('a refused save shows why in the panel and keeps the list as it was; the next success clears it', async () => {
    const full = { code: 'bad_input', message: 'At most 50 sets are kept.', hint: 'Delete a set first.' } as const
    const { sets } = state([fail(full), ok([set('old'), set('new')])])
    await sets.load()
    expect(await sets.save('new', [pay])).toBe(false)
    expect([sets.sets.map((s) => s.name), sets.action.error, sets.action.title]).toEqual([
      ['old'],
      full,
      'The recipient set could not be changed'
    ])
    expect(sets.action.busy).toBe(false)
    expect(await sets.save('new', [pay])).toBe(true)
    expect(sets.action.error).toBeUndefined()
  })

  it('a list that cannot be read says so and shows no sets', async () => {
    const { sets } = state([], fail({ code: 'io', message: 'The settings file is unreadable.' }))
    expect(await sets.load()).toBe(false)
    expect([sets.sets, sets.action.title]).toEqual([[], 'The recipient sets could not be read'])
  })
})
