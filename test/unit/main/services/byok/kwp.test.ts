import { describe, expect, it } from 'vitest'
import { kwpLength, kwpUnwrap, kwpWrap } from '../../../../../src-main/services/byok/kwp'

// RFC 5649 §6: both vectors use this 192-bit KEK.
const KEK = Buffer.from('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8', 'hex')
const VECTORS = [
  {
    key: 'c37b7e6492584340bed12207808941155068f738',
    wrap: '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a'
  },
  { key: '466f7250617369', wrap: 'afbeb0f07dfbf5419200f2ccb50bb24f' }
]

describe('AES-KWP (RFC 5649)', () => {
  for (const v of VECTORS) {
    it(`wraps the ${v.key.length / 2}-byte RFC 5649 vector`, () => {
      expect(kwpWrap(KEK, Buffer.from(v.key, 'hex')).toString('hex')).toBe(v.wrap)
    })
    it(`unwraps the ${v.key.length / 2}-byte RFC 5649 vector`, () => {
      expect(kwpUnwrap(KEK, Buffer.from(v.wrap, 'hex')).toString('hex')).toBe(v.key)
    })
  }

  it('refuses an altered wrapped key', () => {
    const wrapped = Buffer.from(VECTORS[0]?.wrap ?? '', 'hex')
    wrapped[5] = (wrapped[5] ?? 0) ^ 1
    expect(() => kwpUnwrap(KEK, wrapped)).toThrow()
  })

  it('refuses the wrong key-encryption key', () => {
    const other = Buffer.alloc(24, 7)
    expect(() => kwpUnwrap(other, Buffer.from(VECTORS[1]?.wrap ?? '', 'hex'))).toThrow()
  })

  it('predicts the wrapped length from the plaintext length', () => {
    for (const n of [1, 7, 8, 16, 20, 32, 121, 1218]) {
      expect(kwpWrap(Buffer.alloc(32, 1), Buffer.alloc(n, 2)).length).toBe(kwpLength(n))
    }
  })
})
