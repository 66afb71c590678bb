import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { openSandbox, type TestSandbox } from './helpers'

const fixture = () =>
  readFile(new URL('../../../fixtures/byok/sandbox-wrapping-key.test-only.pem', import.meta.url), 'utf8')
const spki = (pem: string) => createPublicKey(pem).export({ format: 'pem', type: 'spki' }).toString()

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.stop()
  t = undefined
})

describe('a preset wrapping key', () => {
  it('is the one the region serves, and it survives a restart', async () => {
    t = await openSandbox()
    const pem = await fixture()
    await t.sb.presetWrappingKey('nl-02', pem)
    const r = await t.kms('GET', '/wrapping-key', { region: 'nl-02' })
    expect(r.status).toBe(200)
    expect(r.body.publicKey).toBe(spki(pem))
    await t.sb.close()
    const again = await openSandbox({ dataDir: t.dir })
    t = again
    expect((await again.kms('GET', '/wrapping-key', { region: 'nl-02' })).body.publicKey).toBe(spki(pem))
  })

  it('never replaces a region’s key, and must be an RSA-4096 private key', async () => {
    t = await openSandbox()
    const pem = await fixture()
    await t.sb.presetWrappingKey('nl-01', pem)
    await expect(t.sb.presetWrappingKey('nl-01', pem)).rejects.toThrow('region nl-01 already has a wrapping key')
    const small = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8'
    })
    await expect(t.sb.presetWrappingKey('nl-02', String(small))).rejects.toThrow('must be an RSA-4096 private key')
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' })
    await expect(t.sb.presetWrappingKey('nl-02', String(ec))).rejects.toThrow('must be an RSA-4096 private key')
    expect((await t.kms('GET', '/wrapping-key')).body.publicKey).toBe(spki(pem))
  })
})
