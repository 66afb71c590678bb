import { describe, expect, it } from 'vitest'
import type { ProfileView, TestConnectionResult } from '@contract/schemas/profiles'
import type { Result } from '@contract/result'
import {
  ProfilesStore,
  type ProfilesApi
} from '../../../../../src-renderer/src/features/settings/profiles-store.svelte'
import { fail, ok, pending, scripted, settle, toasts } from '../../fakes'

const profile = (id: string, name: string) => ({ id, name }) as unknown as ProfileView
const reached: TestConnectionResult = { ok: true, featureEnabled: true, regions: [], latencyMs: 12 }
const refused = { code: 'unauthorized', message: 'The secret was refused.', hint: 'Replace the secret.' } as const

function setup(api: Partial<ProfilesApi['profiles']>) {
  const t = toasts()
  const session = { loads: 0, selected: [] as string[] }
  const store = new ProfilesStore(
    { profiles: api } as unknown as ProfilesApi,
    {
      load: async () => void session.loads++,
      selectProfile: async (id) => {
        if (id === 'gone') throw new Error('The profile no longer exists.')
        session.selected.push(id)
      }
    },
    t
  )
  return { store, t, session }
}

describe('the profiles list', () => {
  it('tests one profile: only its button waits, and the result is kept per profile', async () => {
    const answer = pending<Result<TestConnectionResult>>()
    const { store } = setup({ testConnection: () => answer.promise })
    const running = store.test(profile('p1', 'Production'))
    expect([store.action.running('test:p1'), store.action.running('test:p2')]).toEqual([true, false])
    answer.answer(ok(reached))
    await running
    expect(store.tests).toEqual({ p1: reached })
    expect(store.action.busy).toBe(false)
  })

  it('a failed test is toasted with its reason, keeps no result and lets the button go', async () => {
    const { store, t } = setup({ testConnection: () => Promise.resolve(fail(refused)) })
    await store.test(profile('p1', 'Production'))
    expect(t.seen).toEqual([['error', `Connection test failed: ${refused.message}`, refused.hint]])
    expect([store.tests, store.action.running('test:p1')]).toEqual([{}, false])
  })

  it('uses a profile through the session and says so; a refusal is toasted, nothing said twice', async () => {
    const { store, t, session } = setup({})
    await store.use(profile('p2', 'Staging'))
    await store.use(profile('gone', 'Old'))
    expect(session.selected).toEqual(['p2'])
    expect(t.seen).toEqual([
      ['ok', 'Now using “Staging”'],
      ['error', 'The profile could not be selected: The profile no longer exists.']
    ])
  })

  it('deletes once and reloads the list; a failed delete reloads nothing and says why', async () => {
    const del = scripted<{ id: string }, { deleted: true }>(
      ok({ deleted: true }),
      fail({ code: 'not_found_or_no_access', message: 'No such profile.' })
    )
    const { store, t, session } = setup({ delete: del.fn as unknown as ProfilesApi['profiles']['delete'] })
    expect(await store.remove(profile('p2', 'Staging'))).toBe(true)
    await settle()
    expect([del.calls, session.loads]).toEqual([[{ id: 'p2' }], 1])
    expect(await store.remove(profile('p3', 'Other'))).toBe(false)
    await settle()
    expect(session.loads).toBe(1)
    expect(t.seen).toEqual([
      ['ok', 'Profile “Staging” and its stored secret deleted'],
      ['error', 'The profile was not deleted: No such profile.']
    ])
    expect(store.action.busy).toBe(false)
  })

  it('imports from tcloud with the counts, skipped names and notes from the answer', async () => {
    const imp = scripted(
      ok({ imported: ['a'], skipped: ['b'], notes: ['Secrets stay in tcloud.'] }),
      ok({ imported: [], skipped: [], notes: [] }),
      fail({ code: 'bad_input', message: 'The tcloud config is not valid YAML.' })
    )
    const { store, t, session } = setup({ importTcloud: imp.fn as unknown as ProfilesApi['profiles']['importTcloud'] })
    await store.importTcloud(true)
    await store.importTcloud(false)
    await store.importTcloud(false)
    expect(imp.calls).toEqual([{ includeEnv: true }, { includeEnv: false }, { includeEnv: false }])
    expect(t.seen).toEqual([
      [
        'ok',
        'Imported 1 profile(s) from the tcloud CLI config and THALASSA_* variables. 1 skipped (b).',
        'Secrets stay in tcloud.'
      ],
      ['info', 'Imported 0 profile(s) from the tcloud CLI config.'],
      ['error', 'Import failed: The tcloud config is not valid YAML.']
    ])
    expect([session.loads, store.action.running('import')]).toEqual([2, false])
  })
})
