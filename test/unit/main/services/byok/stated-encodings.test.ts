import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ByokError,
  fetchWrappingKey,
  generateMaterial,
  loadMaterial,
  saveWrappingKeyFile
} from '../../../../../src-main/services/byok'
import { cliEnv, errorOf, tkms } from '../../cli/helpers'
import { FakeByokKms, rsaPair } from './fake-kms'

/* What docs/byok.md §1 states about encodings: Ed25519 material, base64url padding, passphrase newlines. */
const ED25519_PREFIX = '302e020100300506032b657004220420'

describe('Ed25519 material is PKCS#8 v0, 48 bytes: the fixed prefix and the seed', () => {
  it('generated, from a bare seed, and from PEM: the same 48-byte form', async () => {
    const m = await generateMaterial('ed25519')
    expect(m.bytes.length).toBe(48)
    expect(m.bytes.subarray(0, 16).toString('hex')).toBe(ED25519_PREFIX)
    const seed = Buffer.from(m.bytes.subarray(16))
    expect(loadMaterial('ed25519', seed, { format: 'raw' }).bytes.equals(m.bytes)).toBe(true)
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    const fromPem = loadMaterial('ed25519', pem)
    expect(fromPem.bytes.length).toBe(48)
    expect(fromPem.bytes.subarray(0, 16).toString('hex')).toBe(ED25519_PREFIX)
  })

  it('refuses a seed of another length', () => {
    expect(() => loadMaterial('ed25519', randomBytes(31), { format: 'raw' })).toThrow(ByokError)
  })
})

describe('base64 and base64url material: padding optional, nothing else tolerated', () => {
  const key = randomBytes(32)
  it.each([
    ['standard, padded', key.toString('base64')],
    ['standard, unpadded', key.toString('base64').replace(/=+$/, '')],
    ['base64url, unpadded', key.toString('base64url')],
    ['base64url, padded', `${key.toString('base64url')}=`],
    ['wrapped over lines', key.toString('base64').replace(/(.{20})/g, '$1\n')]
  ])('%s loads to the same key', (_what, text) => {
    expect(loadMaterial('aes256-gcm96', text, { format: 'base64' }).bytes.equals(key)).toBe(true)
  })
  it('refuses a stray character, or too much padding', () => {
    expect(() =>
      loadMaterial('aes256-gcm96', `${key.toString('base64').slice(0, 20)}*${key.toString('base64').slice(21)}`, {
        format: 'base64'
      })
    ).toThrow(/not valid base64/)
    expect(() => loadMaterial('aes256-gcm96', `${key.toString('base64url')}A`, { format: 'base64' })).toThrow(ByokError)
  })
})

describe('--passphrase-stdin drops one trailing line ending, nothing else', { timeout: 90_000 }, () => {
  let dir = ''
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'byok-pass-'))
    const kms = new FakeByokKms(new Map([['nl-01', (await rsaPair(2048)).privateKey]]))
    await saveWrappingKeyFile(
      path.join(dir, 'wk.json'),
      (await fetchWrappingKey(kms, 'nl-01', { endpoint: 'test', organisation: 'test' })).file
    )
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey
    await fs.writeFile(
      path.join(dir, 'key.pem'),
      key.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'correct horse' })
    )
  }, 60_000)
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true })
  })

  const prepare = (stdin: string, out: string) =>
    tkms(
      [
        '--output',
        'json',
        'byok',
        'prepare',
        '--wrapping-key',
        path.join(dir, 'wk.json'),
        '--key-type',
        'ecdsa-p256',
        '--material',
        path.join(dir, 'key.pem'),
        '--passphrase-stdin',
        '--name',
        out,
        '--out',
        path.join(dir, `${out}.byok.json`)
      ],
      { env: cliEnv(path.join(dir, 'data')), cwd: dir, input: stdin }
    )

  it.each([
    ['LF', 'correct horse\n', 'lf'],
    ['CRLF', 'correct horse\r\n', 'crlf']
  ])('accepts the passphrase ending in %s', async (_e, stdin, out) => {
    const r = await prepare(stdin, out)
    expect(r.code, r.stderr).toBe(0)
  })

  it('treats a trailing space or a second newline as part of the passphrase (refused, no bundle)', async () => {
    for (const [stdin, out] of [
      ['correct horse \n', 'space'],
      ['correct horse\n\n', 'twice']
    ] as const) {
      const r = await prepare(stdin, out)
      expect(r.code).toBe(1)
      expect(errorOf(r)).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/passphrase/) })
      await expect(fs.stat(path.join(dir, `${out}.byok.json`))).rejects.toMatchObject({ code: 'ENOENT' })
    }
  })
})
