import { constants, privateDecrypt, type KeyObject } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  HASH_FUNCTIONS,
  IMPORTABLE_KEY_TYPES,
  generateMaterial,
  parseWrappingKey,
  wrapMaterial,
  type KeyMaterial,
  type WrappingKey
} from '../../../../../src-main/services/byok'
import { kwpLength, kwpUnwrap } from '../../../../../src-main/services/byok/kwp'
import { independentUnwrap } from './fake-kms'
import { testWrappingKeyPair } from '../../../../support/wrapping-key'

let priv: KeyObject
let wk: WrappingKey
const materials = new Map<string, KeyMaterial>()

beforeAll(async () => {
  const pair = await testWrappingKeyPair()
  priv = pair.privateKey
  wk = parseWrappingKey(pair.publicKey.export({ format: 'pem', type: 'spki' }).toString())
  for (const t of IMPORTABLE_KEY_TYPES) materials.set(t, await generateMaterial(t))
}, 60_000)

describe('wrap interop: the app wraps, node:crypto + OpenSSL KWP unwrap', () => {
  for (const t of IMPORTABLE_KEY_TYPES) {
    for (const hash of HASH_FUNCTIONS) {
      it(`${t} with RSA-OAEP-${hash}`, () => {
        const m = materials.get(t) as KeyMaterial
        const blob = wrapMaterial(wk, m, hash)
        expect(independentUnwrap(priv, blob, hash).equals(m.bytes)).toBe(true)
      })
    }
  }
})

describe('blob layout', () => {
  it('is RSA part (modulus size) then KWP part, in standard base64', () => {
    const m = materials.get('aes256-gcm96') as KeyMaterial
    const b64 = wrapMaterial(wk, m, 'sha256')
    expect(b64).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
    const blob = Buffer.from(b64, 'base64')
    expect(blob.length).toBe(512 + kwpLength(32))
    const ephemeral = privateDecrypt(
      { key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      blob.subarray(0, 512)
    )
    expect(ephemeral.length).toBe(32)
    expect(kwpUnwrap(ephemeral, blob.subarray(512)).equals(m.bytes)).toBe(true)
  })

  it('uses a fresh ephemeral key every time', () => {
    const m = materials.get('aes128-gcm96') as KeyMaterial
    const a = Buffer.from(wrapMaterial(wk, m, 'sha256'), 'base64').subarray(512)
    const b = Buffer.from(wrapMaterial(wk, m, 'sha256'), 'base64').subarray(512)
    expect(a.equals(b)).toBe(false)
  })

  it('cannot be unwrapped with another OAEP hash than the one it was made with', () => {
    const m = materials.get('chacha20-poly1305') as KeyMaterial
    const blob = wrapMaterial(wk, m, 'sha384')
    expect(() => independentUnwrap(priv, blob, 'sha256')).toThrow()
  })
})
