import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  encodeAuthenticated,
  parseHeader,
  MAC_BYTES,
  type HeaderFields
} from '../../../../../src-main/services/file-format/header'
import type { WrappedRecipient } from '../../../../../src-main/services/file-format/types'

const rec = (slug: string): WrappedRecipient => ({
  region: 'nl-01',
  identity: `id-${slug}`,
  slug,
  ciphertext: `vault:v1:${slug}`
})
const fields = (recipients: WrappedRecipient[]): HeaderFields => ({
  chunkSize: 1 << 20,
  plaintextSize: 4096,
  salt: randomBytes(32),
  recipients
})
const parse = (a: Buffer) => parseHeader(Buffer.concat([a, Buffer.alloc(MAC_BYTES)]), 'x.tkms').fields.recipients

describe('header encoding shared by the files of a batch key', () => {
  it('encodes a frozen (shared) recipients list once, byte for byte as an unshared one', () => {
    const shared = Object.freeze([Object.freeze(rec('a')), Object.freeze(rec('b'))]) as WrappedRecipient[]
    const f1 = fields(shared)
    const f2 = { ...fields(shared), salt: f1.salt }
    const plain = { ...f1, recipients: [rec('a'), rec('b')] }
    expect(encodeAuthenticated(f1)).toEqual(encodeAuthenticated(plain))
    expect(encodeAuthenticated(f2)).toEqual(encodeAuthenticated(plain))
    expect(parse(encodeAuthenticated(f2))).toEqual([rec('a'), rec('b')])
  })

  it('never reuses the encoding of a list that can still change', () => {
    const list = [rec('a')]
    expect(parse(encodeAuthenticated(fields(list)))).toEqual([rec('a')])
    list.push(rec('c'))
    ;(list[0] as WrappedRecipient).slug = 'renamed'
    expect(parse(encodeAuthenticated(fields(list))).map((r) => r.slug)).toEqual(['renamed', 'c'])
  })

  it('still refuses a recipient field out of range, shared or not', () => {
    const bad = Object.freeze([Object.freeze({ ...rec('a'), region: '' })]) as WrappedRecipient[]
    expect(() => encodeAuthenticated(fields(bad))).toThrow(/Key region must be 1\.\.64 bytes/)
  })
})
