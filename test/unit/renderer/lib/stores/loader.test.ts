import { describe, expect, it } from 'vitest'
import { KmsCallError } from '@lib/call'
import { Loader } from '@lib/stores/loader.svelte'

import { pending } from '../../fakes'

describe('the loader', () => {
  it('shows the answer, loading only while it is on its way', async () => {
    const loader = new Loader<string[]>()
    const call = pending<string[]>()
    const done = loader.load(() => call.promise)
    expect(loader.loading).toBe(true)
    call.answer(['a'])
    expect(await done).toBe(true)
    expect([loader.value, loader.loading, loader.error]).toEqual([['a'], false, undefined])
  })

  it('keeps the last answer on a failed reload, with the error shown and loading reset', async () => {
    const loader = new Loader<string[]>()
    await loader.load(async () => ['a'])
    const ok = await loader.load(() =>
      Promise.reject(new KmsCallError({ code: 'network', message: 'could not reach the KMS' }))
    )
    expect(ok).toBe(false)
    expect([loader.value, loader.loading, loader.error?.code]).toEqual([['a'], false, 'network'])
    await loader.load(async () => ['b'])
    expect([loader.value, loader.error]).toEqual([['b'], undefined])
  })

  it('ignores an older answer or failure arriving after a newer load', async () => {
    const loader = new Loader<string>()
    const old = pending<string>()
    const newer = pending<string>()
    const first = loader.load(() => old.promise)
    const second = loader.load(() => newer.promise)
    newer.answer('filter b')
    await second
    old.answer('filter a')
    expect(await first).toBe(false)
    expect(loader.value).toBe('filter b')
    const third = loader.load(() => old.promise.then(() => Promise.reject(new Error('late'))))
    const fourth = loader.load(async () => 'filter c')
    expect(await Promise.all([third, fourth])).toEqual([false, true])
    expect([loader.value, loader.error, loader.loading]).toEqual(['filter c', undefined, false])
  })
})
