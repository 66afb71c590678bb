import { createPublicKey, type KeyObject } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import type { KeyPairSpec } from '../../../../src-main/sandbox/keygen'
import { pooledKeyPairs } from '../../../support/key-pool'
import { openSandbox, type TestSandbox } from './helpers'

const pem = (k: KeyObject) => createPublicKey(k).export({ format: 'pem', type: 'spki' }).toString()
const ec: KeyPairSpec = { type: 'ec', namedCurve: 'P-256' }

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('the sandbox key pair source', () => {
  it('makes key versions and wrapping keys from the source it is given', async () => {
    const asked: KeyPairSpec[] = []
    const made: KeyObject[] = []
    const pool = pooledKeyPairs()
    t = await openSandbox({
      keyPairs: async (spec) => {
        asked.push(spec)
        const k = await pool(spec)
        made.push(k)
        return k
      }
    })
    const key = await t.kms('POST', '/keys', { body: { name: 'signer', keyType: 'ecdsa-p384' } })
    const pub = await t.kms('GET', `/keys/${String(key.body.identity)}/public-key`)
    expect((pub.body.keys as Record<string, string>)['1']).toBe(pem(made[0]!))
    const wrapping = await t.kms('GET', '/wrapping-key')
    expect(wrapping.body.publicKey).toBe(pem(made[1]!))
    expect(asked).toEqual([
      { type: 'ec', namedCurve: 'P-384' },
      { type: 'rsa', modulusLength: 4096 }
    ])
  })

  it('fails the request, not the sandbox, when the source cannot make a pair', async () => {
    t = await openSandbox({ keyPairs: () => Promise.reject(new Error('no entropy')) })
    expect((await t.kms('POST', '/keys', { body: { name: 'signer', keyType: 'ecdsa-p256' } })).status).toBe(500)
    expect((await t.kms('POST', '/keys', { body: { name: 'sym', keyType: 'aes256-gcm96' } })).status).toBe(201)
  })
})

describe('pooledKeyPairs (the sandboxes of the UI tests and the unit tests)', () => {
  it('hands each sandbox distinct pairs, and the next sandbox the same ones again', async () => {
    const a = pooledKeyPairs()
    const b = pooledKeyPairs()
    const [a1, a2] = [await a(ec), await a(ec)]
    expect(pem(a1)).not.toBe(pem(a2))
    expect(await b(ec)).toBe(a1)
    expect(await b(ec)).toBe(a2)
    expect(pem(await b({ type: 'ec', namedCurve: 'P-384' }))).not.toBe(pem(a1))
  })

  it('does not keep a failed generation', async () => {
    const bad: KeyPairSpec = { type: 'ec', namedCurve: 'no-such-curve' }
    await expect(pooledKeyPairs()(bad)).rejects.toThrow()
    // The next sandbox asks again rather than being handed the old failure.
    const again = pooledKeyPairs()(bad)
    await expect(again).rejects.toThrow()
    expect(await pooledKeyPairs()(ec)).toBeDefined()
  })
})
