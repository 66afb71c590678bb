import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ByokError,
  fetchWrappingKey,
  loadWrappingKeyFile,
  normaliseFingerprint,
  parseWrappingKey,
  parseWrappingKeyFile,
  sameFingerprint,
  saveWrappingKeyFile,
  spkiFingerprint,
  type WrappingKeyFile
} from '../../../../../src-main/services/byok'
import { FakeByokKms } from './fake-kms'
import { testWrappingKeyPair } from '../../../../support/wrapping-key'

let dir: string
let priv: KeyObject
let pem: string
let kms: FakeByokKms
const source = { endpoint: 'https://api.thalassa.cloud', organisation: 'acme' }

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'byok-wk-'))
  ;({ privateKey: priv } = await testWrappingKeyPair())
  kms = new FakeByokKms(new Map([['nl-01', priv]]))
  pem = (await kms.getWrappingKey('nl-01')).publicKey
})
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

async function refusal(p: Promise<unknown>): Promise<ByokError> {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(ByokError)
  return e as ByokError
}

describe('fingerprints', () => {
  it('are SHA-256 of the SPKI DER as colon-separated lowercase hex', () => {
    const parsed = parseWrappingKey(pem)
    const der = parsed.key.export({ format: 'der', type: 'spki' })
    const hex = createHash('sha256').update(der).digest('hex')
    expect(parsed.fingerprint).toBe(hex.match(/../g)?.join(':'))
    expect(spkiFingerprint(priv)).toBe(parsed.fingerprint)
  })

  it('normalise plain or upper-case hex and refuse anything else', () => {
    const fp = parseWrappingKey(pem).fingerprint
    expect(normaliseFingerprint(fp.replace(/:/g, '').toUpperCase())).toBe(fp)
    expect(sameFingerprint(fp, fp.replace(/:/g, ''))).toBe(true)
    expect(normaliseFingerprint('ab:cd')).toBeUndefined()
    expect(sameFingerprint('zz', 'zz')).toBe(false)
  })
})

describe('parseWrappingKey', () => {
  it('reports RSA size and a canonical PEM', () => {
    const wk = parseWrappingKey(pem, 'RSA_OAEP_AES_KWP')
    expect(wk.rsaBits).toBe(4096)
    expect(wk.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(wk.algorithm).toBe('RSA_OAEP_AES_KWP')
  })

  it('refuses a private key', () => {
    const privPem = priv.export({ format: 'pem', type: 'pkcs8' }).toString()
    expect(() => parseWrappingKey(privPem)).toThrow(/private key, not a wrapping key/)
  })

  it('refuses a non-RSA key', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString()
    expect(() => parseWrappingKey(ec)).toThrow(/ec key; BYOK needs an RSA key/)
  })

  it('refuses a small RSA key', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString()
    expect(() => parseWrappingKey(small)).toThrow(/RSA-1024; at least RSA-2048/)
  })

  it('refuses garbage', () => {
    expect(() => parseWrappingKey('hello')).toThrow(/not a PEM public key/)
  })
})

describe('wrapping-key file', () => {
  it('round-trips through save and load with the fingerprint recomputed', async () => {
    const { file, wrappingKey } = await fetchWrappingKey(kms, 'nl-01', source, new Date('2026-01-02T03:04:05Z'))
    expect(file).toMatchObject({
      format: 'thalassa-kms-wrapping-key',
      version: 1,
      region: 'nl-01',
      rsaBits: 4096,
      fetchedAt: '2026-01-02T03:04:05.000Z',
      ...source
    })
    const p = path.join(dir, 'wk.json')
    await saveWrappingKeyFile(p, file)
    const loaded = await loadWrappingKeyFile(p)
    expect(loaded.file).toEqual(file)
    expect(loaded.wrappingKey.fingerprint).toBe(wrappingKey.fingerprint)
  })

  it('is never overwritten unless asked', async () => {
    const { file } = await fetchWrappingKey(kms, 'nl-01', source)
    const p = path.join(dir, 'wk-twice.json')
    await saveWrappingKeyFile(p, file)
    const e = await refusal(saveWrappingKeyFile(p, file))
    expect(e.code).toBe('exists')
    await saveWrappingKeyFile(p, { ...file, organisation: 'other' }, { overwrite: true })
    expect((await loadWrappingKeyFile(p)).file.organisation).toBe('other')
    expect((await fs.readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  describe('refuses on load', () => {
    let good: WrappingKeyFile
    beforeAll(async () => {
      good = (await fetchWrappingKey(kms, 'nl-01', source)).file
    })

    it('a tampered fingerprint', () => {
      const fp = good.fingerprint.replace(/^../, good.fingerprint.startsWith('00') ? '11' : '00')
      expect(() => parseWrappingKeyFile({ ...good, fingerprint: fp })).toThrow(
        /does not match its public key.*altered or corrupted/
      )
    })

    it('a swapped public key', () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ format: 'pem', type: 'spki' })
        .toString()
      expect(() => parseWrappingKeyFile({ ...good, publicKey: other })).toThrow(/does not match its public key/)
    })

    it('a wrong RSA size', () => {
      expect(() => parseWrappingKeyFile({ ...good, rsaBits: 2048 })).toThrow(/says RSA-2048 but its key is RSA-4096/)
    })

    it('bad JSON', () => {
      expect(() => parseWrappingKeyFile('{"format": "thalassa-kms-wrap')).toThrow(/not valid JSON/)
    })

    it('another kind of file', () => {
      expect(() => parseWrappingKeyFile({ ...good, format: 'thalassa-kms-byok-bundle' })).toThrow(
        /not a wrapping-key file/
      )
    })

    it('a newer format version', () => {
      expect(() => parseWrappingKeyFile({ ...good, version: 2 })).toThrow(/format version 2/)
    })

    it('a bad field', () => {
      expect(() => parseWrappingKeyFile({ ...good, region: 'NL 01' })).toThrow(/region: not a region slug/)
      expect(() => parseWrappingKeyFile({ ...good, fetchedAt: 'yesterday' })).toThrow(/fetchedAt/)
    })

    it('a missing file', async () => {
      const e = await refusal(loadWrappingKeyFile(path.join(dir, 'nope.json')))
      expect(e.code).toBe('io')
      expect(e.message).toMatch(/does not exist/)
    })
  })
})
