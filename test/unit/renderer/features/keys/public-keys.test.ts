import { describe, expect, it } from 'vitest'
import type { PublicKeyVersion } from '@contract/channels/kms'
import { PublicKeys, type PublicKeysApi } from '../../../../../src-renderer/src/features/keys/public-keys.svelte'
import { fail, ok, scripted, toasts } from '../../fakes'

const v = (version: number): PublicKeyVersion => ({
  version,
  pem: `PEM ${version}`,
  jwk: {},
  fingerprint: `fp${version}`
})
const ref = { region: 'nl-01', id: 'k1' }

function setup(lists: ReturnType<typeof ok<PublicKeyVersion[]>>[], saves: Parameters<typeof scripted>) {
  const t = toasts()
  const read = scripted(...lists)
  const save = scripted(...saves)
  const keys = new PublicKeys({ keys: { publicKey: read.fn, savePublicKey: save.fn } } as unknown as PublicKeysApi, t)
  return { keys, t, read, save }
}

describe('the public keys of a key', () => {
  it('shows the newest version unless one is picked, and saves the shown version once', async () => {
    const { keys, t, save } = setup(
      [ok([v(2), v(1)])],
      [ok({ cancelled: false, path: '/tmp/k1.pem' }), ok({ cancelled: true })]
    )
    await keys.load(ref)
    expect(keys.current?.version).toBe(2)
    keys.picked = 1
    await keys.save(ref, 'pem')
    await keys.save(ref, 'der')
    expect(save.calls).toEqual([
      { ...ref, version: 1, format: 'pem' },
      { ...ref, version: 1, format: 'der' }
    ])
    expect(t.seen).toEqual([
      ['ok', 'Saved public key v1 (PEM)', '/tmp/k1.pem'],
      ['info', 'Save cancelled']
    ])
    expect(keys.action.busy).toBe(false)
  })

  it('a failed save is toasted with its hint; a failed read shows the error, and another key never shows the old versions', async () => {
    const { keys, t } = setup(
      [ok([v(1)]), fail({ code: 'not_found_or_no_access', message: 'No such key.' })],
      [fail({ code: 'io', message: 'The folder is read-only.', hint: 'Choose another folder.' })]
    )
    await keys.load(ref)
    await keys.save(ref, 'jwk')
    expect(t.seen).toEqual([['error', 'The folder is read-only.', 'Choose another folder.']])
    expect(await keys.load({ region: 'nl-01', id: 'k2' })).toBe(false)
    expect([keys.versions.value, keys.current, keys.versions.error?.code]).toEqual([
      undefined,
      undefined,
      'not_found_or_no_access'
    ])
    expect([keys.versions.loading, keys.action.busy]).toEqual([false, false])
  })
})
