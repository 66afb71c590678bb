import { describe, expect, it } from 'vitest'
import type { AppError } from '@contract/errors'
import type { Result } from '@contract/result'
import type { KmsKey, ListFilter } from '@contract/schemas/kms'
import type { KeysApi } from '@lib/stores/key-list.svelte'
import { KeysStore } from '@lib/stores/keys-store.svelte'

function key(identity: string, over: Partial<KmsKey> = {}): KmsKey {
  return {
    identity,
    name: identity,
    slug: identity,
    keyType: 'aes256-gcm96',
    status: 'active',
    exportAllowed: false,
    keyRotationEnabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over
  }
}

interface Request {
  region: string
  filter?: ListFilter
  answer: (r: Result<KmsKey[]>) => void
}

/** keys.list answers only when the test says so, in any order, so races can be played out. */
function fakeApi(): { api: KeysApi; requests: Request[] } {
  const requests: Request[] = []
  const list = (req: { region: string; filter?: ListFilter }) =>
    new Promise<Result<KmsKey[]>>((answer) => requests.push({ ...req, answer }))
  return { api: { keys: { list } } as unknown as KeysApi, requests }
}

const ok = (keys: KmsKey[]): Result<KmsKey[]> => ({ ok: true, value: keys })
const fail = (error: AppError): Result<KmsKey[]> => ({ ok: false, error })
const settle = () => new Promise((r) => setTimeout(r, 0))
const here = { profileId: 'p1', region: 'nl-01' }

describe('the keys store', () => {
  it('gives every reader of a scope the same list, and one request when they load together', async () => {
    const { api, requests } = fakeApi()
    const store = new KeysStore(api)
    const a = store.list(here)
    expect(store.list({ ...here })).toBe(a)
    void a.load()
    void store.list(here).load()
    expect(requests).toHaveLength(1)
    requests[0]!.answer(ok([key('k1')]))
    await settle()
    expect(a.keys.map((k) => k.identity)).toEqual(['k1'])
    expect([a.loaded, a.loading, a.error]).toEqual([true, false, undefined])
  })

  it('after a write, shows the server copy at once and asks the region again; other regions are left alone', async () => {
    const { api, requests } = fakeApi()
    const store = new KeysStore(api)
    const nl = store.list(here)
    const de = store.list({ ...here, region: 'de-01' })
    void nl.load()
    void de.load()
    requests[0]!.answer(ok([key('k1')]))
    requests[1]!.answer(ok([key('d1')]))
    await settle()

    const done = store.wrote('nl-01', key('k1', { status: 'disabled' }))
    expect(nl.keys[0]?.status).toBe('disabled')
    expect(requests.map((r) => r.region)).toEqual(['nl-01', 'de-01', 'nl-01'])
    requests[2]!.answer(ok([key('k1', { status: 'disabled' }), key('k2')]))
    await done
    expect(nl.keys.map((k) => k.identity)).toEqual(['k1', 'k2'])
    expect(de.keys.map((k) => k.identity)).toEqual(['d1'])
  })

  it('a write invalidates a request already on its way: its older answer is ignored', async () => {
    const { api, requests } = fakeApi()
    const store = new KeysStore(api)
    const nl = store.list(here)
    void nl.load()
    void store.wrote('nl-01')
    requests[1]!.answer(ok([key('k1'), key('created')]))
    await settle()
    requests[0]!.answer(ok([key('k1')]))
    await settle()
    expect(nl.keys.map((k) => k.identity)).toEqual(['k1', 'created'])
  })

  it('a change of project or profile drops the lists, and answers for the old scope never reach the new one', async () => {
    const { api, requests } = fakeApi()
    const store = new KeysStore(api)
    const before = store.list({ ...here, project: 'alpha' })
    void before.load()
    const after = store.list({ ...here, project: 'beta' })
    expect(after).not.toBe(before)
    void after.load()
    requests[1]!.answer(ok([key('beta-key')]))
    requests[0]!.answer(ok([key('alpha-key')]))
    await settle()
    expect(after.keys.map((k) => k.identity)).toEqual(['beta-key'])
    expect(before.keys).toEqual([])
    // Back to alpha: a fresh list, asked again, never the late answer.
    const again = store.list({ ...here, project: 'alpha' })
    expect(again).not.toBe(before)
    expect(again.loaded).toBe(false)
    expect(store.list({ ...here, profileId: 'p2', project: 'alpha' })).not.toBe(again)
  })

  it('a failed refresh keeps the loaded keys, marked stale since their answer; a first failure shows no keys', async () => {
    const { api, requests } = fakeApi()
    const store = new KeysStore(api)
    const nl = store.list(here)
    void nl.load()
    requests[0]!.answer(ok([key('k1')]))
    await settle()
    void nl.refresh()
    requests[1]!.answer(fail({ code: 'network', message: 'could not reach the KMS' }))
    await settle()
    expect(nl.keys.map((k) => k.identity)).toEqual(['k1'])
    expect(nl.error?.code).toBe('network')
    expect(nl.staleSince).toMatch(/^\d{4}-\d\d-\d\dT/)
    void nl.refresh()
    requests[2]!.answer(ok([key('k1')]))
    await settle()
    expect([nl.error, nl.staleSince]).toEqual([undefined, undefined])

    const de = store.list({ ...here, region: 'de-01' })
    void de.load()
    requests[3]!.answer(fail({ code: 'region_unavailable', message: 'KMS is not available in de-01' }))
    await settle()
    expect([de.keys, de.staleSince, de.error?.code]).toEqual([[], undefined, 'region_unavailable'])
  })

  it('a server filter is its own list of the region, invalidated with it, and a new filter replaces the old one', async () => {
    const { api, requests } = fakeApi()
    const store = new KeysStore(api)
    const named = store.list(here, { name: 'pay' })
    void named.load()
    expect(requests[0]?.filter).toEqual({ name: 'pay' })
    requests[0]!.answer(ok([key('k1', { name: 'pay' })]))
    await settle()
    // A created key is not guessed into a filtered list; the reload decides.
    store.upsert('nl-01', key('k9'))
    expect(named.keys.map((k) => k.identity)).toEqual(['k1'])
    void store.invalidate('nl-01')
    expect(requests[1]?.filter).toEqual({ name: 'pay' })
    expect(store.list(here, { slug: 'x' })).not.toBe(named)
    expect(store.list(here, { name: 'pay' })).not.toBe(named)
  })

  it('never asks for a list no screen has loaded', () => {
    const { api, requests } = fakeApi()
    const store = new KeysStore(api)
    store.list(here)
    void store.invalidate()
    expect(requests).toHaveLength(0)
  })
})
