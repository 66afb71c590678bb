import { describe, expect, it } from 'vitest'
import type { KmsKey } from '@contract/schemas/kms'
import { contextText } from '@lib/environment'
import { labelPairs } from '../../../../../src-renderer/src/features/keys/columns'
import { nextRotationDue, rotationText } from '../../../../../src-renderer/src/features/keys/key-list'
import { disableStops, rotateBlocked } from '../../../../../src-renderer/src/features/keys/lifecycle-copy'
import { KmsError } from '../../../../../src-main/services/kms/errors'
import { CiphertextOrigins } from '../../../../../src-main/services/keys/ciphertext-origin'

function key(over: Partial<KmsKey>): KmsKey {
  return {
    identity: 'kms-1',
    name: 'a',
    slug: 'a',
    keyType: 'aes256-gcm96',
    status: 'active',
    exportAllowed: false,
    keyRotationEnabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over
  }
}

describe('lifecycle copy', () => {
  it('a pending-deletion key is told to cancel the deletion, a disabled one to enable', () => {
    expect(rotateBlocked(key({ status: 'pending_deletion' }))).toMatch(/cancel the deletion/)
    expect(rotateBlocked(key({ status: 'pending_deletion' }))).not.toMatch(/enable/)
    expect(rotateBlocked(key({ status: 'disabled' }))).toMatch(/enable it/)
    expect(rotateBlocked(key({}))).toBeUndefined()
  })

  it('the disable confirmation lists what stops for the key type', () => {
    expect(disableStops(key({})).join(' ')).toMatch(/decrypt/)
    expect(disableStops(key({ keyType: 'ed25519' })).join(' ')).toMatch(/signature/)
    expect(disableStops(key({ keyType: 'ed25519' })).join(' ')).not.toMatch(/decrypt/)
    expect(disableStops(key({ keyType: 'hmac-sha256' })).join(' ')).toMatch(/HMAC/)
  })

  it('no rotation is due for a key pending deletion (it never rotates again)', () => {
    const rotating = { keyRotationEnabled: true, rotationPeriodInDays: 30 }
    expect(nextRotationDue(key(rotating))).toBeInstanceOf(Date)
    expect(
      nextRotationDue(key({ ...rotating, status: 'pending_deletion', deletionScheduledAt: '2026-01-10T00:00:00.000Z' }))
    ).toBeUndefined()
    expect(rotationText(key({ ...rotating, status: 'pending_deletion' }))).toBe('stopped (deletion)')
  })
})

describe('context line and labels', () => {
  it('names profile, organisation, region and project (or organisation scope)', () => {
    expect(contextText({ profile: 'Prod', organisation: 'acme', region: 'nl-01', project: 'payments' })).toBe(
      'Prod · organisation acme · region nl-01 · project payments'
    )
    expect(contextText({ profile: 'Prod', organisation: 'acme', region: 'nl-01', project: undefined })).toMatch(
      /organisation scope/
    )
  })
  it('labels read the same way whatever the server order', () => {
    expect(labelPairs({ team: 'payments', env: 'prod', pci: '' })).toEqual(['env=prod', 'pci', 'team=payments'])
    expect(labelPairs(undefined)).toEqual([])
  })
})

describe('wrong-key decrypt hint', () => {
  const refused = () =>
    new KmsError({
      code: 'validation',
      status: 400,
      message: 'Decrypting failed: ciphertext could not be decrypted',
      hint: 'Check the values you entered'
    })

  it('names the key that made the text when it was made here', async () => {
    const o = new CiphertextOrigins()
    o.remember('thalassa:v1:abc', { region: 'nl-01', key: 'payments' })
    const names = async (x: { key: string }) => ({ 'kms-p': 'payments' })[x.key] ?? Promise.reject(new Error('gone'))
    o.remember('thalassa:v1:xyz', { region: 'nl-02', key: 'kms-p' })
    const e = (await o.explain(refused(), ' thalassa:v1:abc\n', { region: 'nl-01', key: 'billing' }, names)) as KmsError
    expect(e.appError.hint).toBe('This text was encrypted with key payments, not billing: decrypt it with that key.')
    const e2 = (await o.explain(refused(), 'thalassa:v1:xyz', { region: 'nl-01', key: 'kms-b' }, names)) as KmsError
    expect(e2.appError.hint).toBe(
      'This text was encrypted with key payments in region nl-02, not kms-b: decrypt it with that key.'
    )
    expect(e.appError.hint).not.toMatch(/[Ee]nable/)
  })

  it('leaves unknown text, the same key and non-400 failures as they were', async () => {
    const o = new CiphertextOrigins()
    o.remember('thalassa:v1:abc', { region: 'nl-01', key: 'payments' })
    const e = refused()
    const names = async (x: { key: string }) => x.key
    expect(await o.explain(e, 'thalassa:v1:other', { region: 'nl-01', key: 'billing' }, names)).toBe(e)
    expect(await o.explain(e, 'thalassa:v1:abc', { region: 'nl-01', key: 'payments' }, names)).toBe(e)
    const net = new KmsError({ code: 'network', message: 'down' })
    expect(await o.explain(net, 'thalassa:v1:abc', { region: 'nl-01', key: 'billing' }, names)).toBe(net)
  })
})
