import { describe, expect, it, vi } from 'vitest'
import { KEY_TYPES } from '@contract/schemas/key-types'
import type { KmsKey } from '@contract/schemas/kms'
import type { AppError } from '@contract/errors'
import { CreateOnce } from '../../../../../../src-renderer/src/features/keys/wizard/create-once'
import { PURPOSES, rotationByDefault } from '../../../../../../src-renderer/src/features/keys/wizard/purposes'
import { whereLine, whereOf } from '../../../../../../src-renderer/src/features/keys/wizard/where'

const key = (over: Partial<KmsKey>): KmsKey => ({
  identity: 'kms-1',
  name: 'Payments',
  slug: 'payments',
  keyType: 'aes256-gcm96',
  status: 'active',
  exportAllowed: false,
  keyRotationEnabled: false,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  ...over
})
const fail = (code: AppError['code']) => Object.assign(new Error(code), { code })
const codeOf = (e: unknown) => (e as { code: AppError['code'] }).code
const body = { name: 'Payments', keyType: 'aes256-gcm96' }

describe('the type chooser grouped by purpose', () => {
  it('lists every key type exactly once, each with a "pick this when" line', () => {
    const listed = PURPOSES.flatMap((g) => g.types.map((t) => t.type))
    expect([...listed].sort()).toEqual([...KEY_TYPES].sort())
    for (const g of PURPOSES) for (const t of g.types) expect(t.pickWhen).toMatch(/^Pick this when .+\.$/)
    expect(PURPOSES.map((g) => g.purpose)).toEqual(['encrypt', 'sign', 'hmac'])
  })

  it('turns rotation on by default for symmetric keys only', () => {
    expect(rotationByDefault('aes256-gcm96')).toBe(true)
    expect(rotationByDefault('chacha20-poly1305')).toBe(true)
    expect(rotationByDefault('ed25519')).toBe(false)
    expect(rotationByDefault('hmac-sha256')).toBe(false)
  })
})

describe('where the key is created', () => {
  it('names profile, organisation, region and project', () => {
    const profile = { id: 'p', name: 'Prod', kind: 'cloud', organisation: 'acme', active: true } as Parameters<
      typeof whereOf
    >[0]
    const w = whereOf(
      profile,
      { profileId: 'p', region: 'nl-01', project: 'prj-1' },
      [{ identity: 'prj-1', name: 'Payments', slug: 'payments' }],
      'nl-01'
    )
    expect(whereLine(w)).toBe('Prod · organisation acme · region nl-01 · project Payments')
    expect(whereOf(profile, { profileId: 'p', region: 'nl-01' }, [], 'nl-01').project).toBe('none (organisation scope)')
  })
})

describe('creating a key never makes two', () => {
  it('a second submit while the first is in flight joins it', async () => {
    let resolve: (k: KmsKey) => void = () => undefined
    const create = vi.fn(() => new Promise<KmsKey>((r) => (resolve = r)))
    const once = new CreateOnce({ create, findByName: vi.fn(async () => []), codeOf })
    const a = once.run(body)
    const b = once.run(body)
    expect(once.busy).toBe(true)
    resolve(key({}))
    expect(await a).toBe(await b)
    expect(create).toHaveBeenCalledTimes(1)
    expect(once.busy).toBe(false)
  })

  it('a retry after a lost answer returns the key the first attempt made instead of creating again', async () => {
    const made = key({})
    const create = vi.fn().mockRejectedValueOnce(fail('timeout'))
    const findByName = vi.fn(async () => [made])
    const once = new CreateOnce({ create, findByName, codeOf })
    await expect(once.run(body)).rejects.toThrow('timeout')
    expect(await once.run(body)).toBe(made)
    expect(create).toHaveBeenCalledTimes(1)
  })

  it('refuses to adopt a key of another type or an old one: the retry creates (and the server decides)', async () => {
    const create = vi
      .fn()
      .mockRejectedValueOnce(fail('network'))
      .mockResolvedValueOnce(key({ identity: 'kms-2' }))
    const old = key({ keyType: 'aes128-gcm96' })
    const stale = key({ createdAt: '2020-01-01T00:00:00.000Z' })
    const once = new CreateOnce({ create, findByName: async () => [old, stale], codeOf })
    await expect(once.run(body)).rejects.toThrow()
    expect((await once.run(body)).identity).toBe('kms-2')
    expect(create).toHaveBeenCalledTimes(2)
  })

  it('after a definitive refusal (validation) does not look up, and a different name is a new key', async () => {
    const findByName = vi.fn(async () => [key({})])
    const create = vi
      .fn()
      .mockRejectedValueOnce(fail('validation'))
      .mockResolvedValueOnce(key({ identity: 'kms-3' }))
    const once = new CreateOnce({ create, findByName, codeOf })
    await expect(once.run(body)).rejects.toThrow()
    expect((await once.run(body)).identity).toBe('kms-3')
    expect(findByName).not.toHaveBeenCalled()
  })
})
