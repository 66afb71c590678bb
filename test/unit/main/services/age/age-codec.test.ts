import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  decodeIdentity,
  decodeRecipient,
  encodeIdentity,
  encodeRecipient
} from '../../../../../src-main/services/age/key-ref'
import { encodeStanza, StanzaReader } from '../../../../../src-main/services/age/stanza'

const key = { region: 'nl-01', identity: 'k-abcdefghijklmnopqrst' }

async function readBack(text: string) {
  const input = new PassThrough()
  input.end(text)
  const r = new StanzaReader(input)
  try {
    return await r.next()
  } finally {
    r.close()
  }
}

describe('age encodings of Thalassa keys', () => {
  it('recipient: Bech32 of 0x01 ‖ len(region) ‖ region ‖ identity, and back', () => {
    const r = encodeRecipient(key)
    expect(r.startsWith('age1thalassa1')).toBe(true)
    expect(decodeRecipient(r)).toEqual(key)
  })

  it('identity: upper-case AGE-PLUGIN-THALASSA-1…, profile then key reference, and back', () => {
    const id = encodeIdentity({ profile: 'Prod (eu)', key })
    expect(id).toBe(id.toUpperCase())
    expect(decodeIdentity(id)).toEqual({ profile: 'Prod (eu)', key })
  })

  it('refuses a wrong prefix, a broken checksum and a region that is not a slug', () => {
    expect(() => decodeRecipient(encodeIdentity({ profile: '', key }))).toThrow(/prefix/)
    const r = encodeRecipient(key)
    expect(() => decodeRecipient(`${r.slice(0, -1)}${r.endsWith('q') ? 'p' : 'q'}`)).toThrow(/Bech32/)
    expect(() => encodeRecipient({ region: 'nl 01', identity: 'k' })).toThrow(/region/)
  })
})

describe('age stanza codec', () => {
  it('wraps bodies at 64 columns and always ends with a short (possibly empty) line', async () => {
    const body = Buffer.alloc(48, 7) // 64 base64 characters exactly
    const text = encodeStanza({ type: 'recipient-stanza', args: ['0', 'thalassa', 'nl-01', 'k-1'], body })
    expect(text.split('\n')).toEqual(['-> recipient-stanza 0 thalassa nl-01 k-1', body.toString('base64'), '', ''])
    expect(await readBack(text)).toEqual({ type: 'recipient-stanza', args: ['0', 'thalassa', 'nl-01', 'k-1'], body })
    expect(encodeStanza({ type: 'done', args: [], body: Buffer.alloc(0) })).toBe('-> done\n\n')
  })

  it('refuses non-canonical base64 and bad arguments', async () => {
    await expect(readBack('-> file-key 0\nAB=\n')).rejects.toThrow(/canonical/)
    await expect(readBack('-> file-key 0\nAB\n')).rejects.toThrow(/canonical/)
    expect(() => encodeStanza({ type: 'x', args: ['has space'], body: Buffer.alloc(0) })).toThrow(/argument/)
  })
})
