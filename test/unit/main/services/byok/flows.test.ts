import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  BACKUP_WARNING,
  ByokError,
  HASH_FUNCTIONS,
  IMPORTABLE_KEY_TYPES,
  describeBundle,
  fetchWrappingKey,
  generateMaterial,
  importBundle,
  importOneStep,
  loadMaterialFile,
  loadWrappingKeyFile,
  prepareBundle,
  readBundle,
  saveMaterialBackup,
  saveWrappingKeyFile,
  writeBundle,
  type Bundle,
  type WrappingKeyFile
} from '../../../../../src-main/services/byok'
import { contentDigest } from '../../../../../src-main/services/byok/canonical-json'
import { FakeByokKms, rsaPair } from './fake-kms'
import { testWrappingKeyPair } from '../../../../support/wrapping-key'

let dir: string
let nl01: KeyObject
let kms: FakeByokKms
let wkFile: WrappingKeyFile
const source = { endpoint: 'https://api.thalassa.cloud', organisation: 'acme' }

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'byok-flow-'))
  nl01 = (await testWrappingKeyPair()).privateKey
  const nl02 = (await rsaPair(2048)).privateKey
  kms = new FakeByokKms(
    new Map([
      ['nl-01', nl01],
      ['nl-02', nl02]
    ])
  )
  // Online machine: fetch and save the wrapping key; the offline side only ever sees the file.
  const p = path.join(dir, 'nl-01.wrapping-key.json')
  await saveWrappingKeyFile(p, (await fetchWrappingKey(kms, 'nl-01', source)).file)
  wkFile = (await loadWrappingKeyFile(p)).file
}, 60_000)
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})
beforeEach(() => {
  kms.rotateWrappingKey('nl-01', nl01)
  kms.publicKeyOverride = undefined
  kms.alterCreated = undefined
})

const meta = (name: string, hashFunction?: string) => ({
  name,
  description: 'imported',
  labels: { team: 'sec' },
  allowRotation: true,
  hashFunction
})

async function bundleFor(keyType: string, hashFunction?: string): Promise<{ bundle: Bundle; material: Buffer }> {
  const m = await generateMaterial(keyType)
  const material = Buffer.from(m.bytes)
  return {
    bundle: prepareBundle(wkFile, m, meta(`${keyType}-${randomBytes(3).toString('hex')}`, hashFunction)),
    material
  }
}

async function refusedWithoutCreate(p: Promise<unknown>): Promise<ByokError> {
  const before = kms.createCalls
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(ByokError)
  expect(kms.createCalls).toBe(before)
  return e as ByokError
}

describe('offline prepare, then online import, for every importable type', () => {
  IMPORTABLE_KEY_TYPES.forEach((t, i) => {
    const hash = HASH_FUNCTIONS[i % HASH_FUNCTIONS.length] ?? 'sha256'
    it(`${t} (RSA-OAEP-${hash})`, async () => {
      const { bundle, material } = await bundleFor(t, hash.toUpperCase())
      expect(bundle).toMatchObject({
        format: 'thalassa-kms-byok-bundle',
        version: 1,
        region: 'nl-01',
        keyType: t,
        hashFunction: hash,
        wrappingKeyBits: 4096,
        ...source
      })
      const file = path.join(dir, `${t}.byok.json`)
      await writeBundle(file, bundle)
      expect((await fs.stat(file)).mode & 0o777).toBe(0o600)
      const report = await importBundle(kms, file, { region: 'nl-01' })
      const created = kms.created.at(-1)
      expect(created?.material.equals(material)).toBe(true)
      expect(created?.req).toMatchObject({
        keyType: t,
        hashFunction: hash,
        allowRotation: true,
        labels: { team: 'sec' },
        description: 'imported'
      })
      expect(report).toMatchObject({ ok: true, imported: true, keyType: t, region: 'nl-01', warnings: [] })
      expect(report.wrappingKeyFingerprint).toBe(wkFile.fingerprint)
      if (t.startsWith('aes') || t.startsWith('chacha')) {
        expect(report.publicKeyCheck).toBeUndefined()
        expect(bundle.publicKeyFingerprint).toBeUndefined()
      } else {
        expect(report.publicKeyCheck).toEqual({
          localFingerprint: bundle.publicKeyFingerprint,
          remoteFingerprint: bundle.publicKeyFingerprint,
          match: true,
          version: 1
        })
      }
    })
  })

  it('accepts a bundle object as well as a path, and shows it without the blob', async () => {
    const { bundle } = await bundleFor('ed25519')
    const view = describeBundle(bundle)
    expect(JSON.stringify(view)).not.toContain(bundle.importKeyMaterial)
    expect(view.wrappedBytes).toBe(Buffer.from(bundle.importKeyMaterial, 'base64').length)
    expect((await importBundle(kms, bundle, { region: 'nl-01' })).ok).toBe(true)
  })

  it('erases the material once the bundle is made', async () => {
    const m = await generateMaterial('aes256-gcm96')
    const bytes = m.bytes
    prepareBundle(wkFile, m, meta('erase'))
    expect(m.destroyed).toBe(true)
    expect(bytes.every((b) => b === 0)).toBe(true)
  })

  it('never overwrites a bundle file', async () => {
    const { bundle } = await bundleFor('aes128-gcm96')
    const file = path.join(dir, 'once.byok.json')
    await writeBundle(file, bundle)
    const e: unknown = await writeBundle(file, bundle).catch((x: unknown) => x)
    expect((e as ByokError).code).toBe('exists')
    expect((await readBundle(file)).digest).toBe(bundle.digest)
  })
})

describe('one-step online import, for every importable type', () => {
  IMPORTABLE_KEY_TYPES.forEach((t, i) => {
    const hash = HASH_FUNCTIONS[(i + 1) % HASH_FUNCTIONS.length] ?? 'sha256'
    it(`${t} (RSA-OAEP-${hash}) into nl-02`, async () => {
      const m = await generateMaterial(t)
      const material = Buffer.from(m.bytes)
      const fp = m.publicKey?.fingerprint
      const report = await importOneStep(kms, 'nl-02', m, meta(`one-${t}`, hash))
      expect(m.destroyed).toBe(true)
      expect(kms.created.at(-1)?.material.equals(material)).toBe(true)
      expect(report).toMatchObject({ ok: true, imported: true, hashFunction: hash, region: 'nl-02' })
      expect(report.publicKeyCheck?.match).toBe(fp === undefined ? undefined : true)
    })
  })

  it('refuses bad settings before anything is created, and still erases the material', async () => {
    const m = await generateMaterial('aes256-gcm96')
    const e = await refusedWithoutCreate(importOneStep(kms, 'nl-01', m, { name: '' }))
    expect(e.message).toMatch(/Invalid key settings: name/)
    expect(m.destroyed).toBe(true)
    const m2 = await generateMaterial('aes256-gcm96')
    expect((await refusedWithoutCreate(importOneStep(kms, 'nl-01', m2, meta('x', 'md5')))).message).toMatch(
      /Unsupported hash function "md5"/
    )
    const m3 = await generateMaterial('aes256-gcm96')
    expect((await refusedWithoutCreate(importOneStep(kms, 'NL_01', m3, meta('x')))).field).toBe('region')
  })
})

describe('after import', () => {
  it('reports a public key that differs from the local material, both fingerprints side by side', async () => {
    const { bundle } = await bundleFor('ecdsa-p256')
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey
    kms.publicKeyOverride = other.export({ format: 'pem', type: 'spki' }).toString()
    const report = await importBundle(kms, bundle, { region: 'nl-01' })
    expect(report.ok).toBe(false)
    expect(report.publicKeyCheck?.match).toBe(false)
    expect(report.publicKeyCheck?.localFingerprint).toBe(bundle.publicKeyFingerprint)
    expect(report.publicKeyCheck?.remoteFingerprint).not.toBe(bundle.publicKeyFingerprint)
    expect(report.warnings.join(' ')).toMatch(/different public key.*Do not use this key/)
  })
})

describe('after import, the report also flags', () => {
  it('a key the KMS does not mark as imported, or of another type', async () => {
    const { bundle } = await bundleFor('aes256-gcm96')
    kms.alterCreated = (k) => ({ ...k, imported: false, keyType: 'aes128-gcm96' })
    const report = await importBundle(kms, bundle, { region: 'nl-01' })
    expect(report.ok).toBe(false)
    expect(report.imported).toBe(false)
    expect(report.warnings).toEqual([
      'The KMS created a aes128-gcm96 key, not aes256-gcm96.',
      'The KMS does not mark the new key as imported.'
    ])
  })

  it('a public key it could not read', async () => {
    const { bundle } = await bundleFor('ed25519')
    kms.publicKeyOverride = 'bm90IGEga2V5'
    const report = await importBundle(kms, bundle, { region: 'nl-01' })
    expect(report.ok).toBe(false)
    expect(report.publicKeyCheck).toEqual({ localFingerprint: bundle.publicKeyFingerprint, match: false, version: 1 })
    expect(report.warnings.join(' ')).toMatch(
      /Could not check the new key's public key: the public key is neither PEM nor a raw Ed25519 key/
    )
  })
})

describe('refusals before any key is created', () => {
  let good: Bundle
  beforeAll(async () => {
    good = (await bundleFor('rsa-2048')).bundle
  })
  const reseal = (b: Record<string, unknown>): Record<string, unknown> => ({ ...b, digest: contentDigest(b) })

  it('a bundle file that is not JSON', async () => {
    const file = path.join(dir, 'broken.byok.json')
    await fs.writeFile(file, JSON.stringify(good).slice(0, 200))
    expect((await refusedWithoutCreate(importBundle(kms, file, { region: 'nl-01' }))).message).toMatch(/not valid JSON/)
  })

  it('a bundle with a bad field', async () => {
    const e = await refusedWithoutCreate(importBundle(kms, reseal({ ...good, keyType: 'aes999' }), { region: 'nl-01' }))
    expect(e.message).toMatch(/invalid: keyType/)
    expect(e.hint).toMatch(/tkms byok prepare/)
  })

  it('a bundle whose fingerprint was edited', async () => {
    const edited = { ...good, wrappingKeyFingerprint: good.wrappingKeyFingerprint.replace(/^../, 'ff') }
    expect((await refusedWithoutCreate(importBundle(kms, edited, { region: 'nl-01' }))).message).toMatch(
      /modified or corrupted after it was made/
    )
  })

  it('a bundle whose public-key fingerprint no longer matches its public key', async () => {
    const edited = reseal({ ...good, publicKeyFingerprint: good.wrappingKeyFingerprint })
    expect((await refusedWithoutCreate(importBundle(kms, edited, { region: 'nl-01' }))).message).toMatch(
      /publicKeyFingerprint does not match its publicKey/
    )
  })

  it('a bundle whose public key is missing or not a key', async () => {
    const { publicKey: _p, publicKeyFingerprint: _f, ...symmetricLooking } = good
    expect(
      (await refusedWithoutCreate(importBundle(kms, reseal(symmetricLooking), { region: 'nl-01' }))).message
    ).toMatch(/publicKeyFingerprint does not fit key type rsa-2048/)
    expect(
      (await refusedWithoutCreate(importBundle(kms, reseal({ ...good, publicKey: 'nope' }), { region: 'nl-01' })))
        .message
    ).toMatch(/publicKey is not a PEM public key/)
  })

  it('another kind of file, a newer version, a non-base64 blob', async () => {
    expect((await refusedWithoutCreate(importBundle(kms, { ...wkFile }, { region: 'nl-01' }))).message).toMatch(
      /not a BYOK import bundle/
    )
    expect(
      (await refusedWithoutCreate(importBundle(kms, reseal({ ...good, version: 3 }), { region: 'nl-01' }))).message
    ).toMatch(/format version 3/)
    expect(
      (
        await refusedWithoutCreate(
          importBundle(kms, reseal({ ...good, importKeyMaterial: 'a b c' }), { region: 'nl-01' })
        )
      ).message
    ).toMatch(/importKeyMaterial: not standard base64/)
  })

  it('a bundle file that does not exist', async () => {
    expect(
      (await refusedWithoutCreate(importBundle(kms, path.join(dir, 'missing.byok.json'), { region: 'nl-01' }))).code
    ).toBe('io')
  })

  it('a bundle with truncated wrapped material', async () => {
    const edited = reseal({ ...good, importKeyMaterial: good.importKeyMaterial.slice(0, 700) })
    expect((await refusedWithoutCreate(importBundle(kms, edited, { region: 'nl-01' }))).message).toMatch(
      /impossible length/
    )
  })

  it('a bundle for another region', async () => {
    const e = await refusedWithoutCreate(importBundle(kms, good, { region: 'nl-02' }))
    expect(e.message).toBe('This bundle was made for region nl-01, not nl-02.')
    expect(e.hint).toMatch(/Import it into nl-01/)
  })

  it('a bundle made before the wrapping key was rotated', async () => {
    kms.rotateWrappingKey('nl-01', (await rsaPair(2048)).privateKey)
    const e = await refusedWithoutCreate(importBundle(kms, good, { region: 'nl-01' }))
    expect(e.message).toMatch(
      /wrapping key of nl-01 has changed since this bundle was made \(bundle: [0-9a-f:]{95}, now: [0-9a-f:]{95}\)/
    )
    expect(e.hint).toMatch(/tkms byok wrapping-key save.*tkms byok prepare again/)
  })

  it('an HMAC bundle', async () => {
    const e = await refusedWithoutCreate(
      importBundle(kms, reseal({ ...good, keyType: 'hmac-sha256' }), { region: 'nl-01' })
    )
    expect(e.message).toMatch(/does not import HMAC keys/)
  })

  it('a wrapping-key file that was tampered with, on the offline side (material still erased)', async () => {
    const m = await generateMaterial('aes128-gcm96')
    expect(() =>
      prepareBundle({ ...wkFile, fingerprint: good.wrappingKeyFingerprint.replace(/^../, 'ee') }, m, meta('t'))
    ).toThrow(/altered or corrupted/)
    expect(m.destroyed).toBe(true)
  })
})

describe('local backup of the material', () => {
  it('is written 0600, loads back to the same material, and never overwrites', async () => {
    const m = await generateMaterial('ecdsa-p384')
    const file = path.join(dir, 'p384-backup.pem')
    const res = await saveMaterialBackup(m, file)
    expect(res.warning).toBe(BACKUP_WARNING)
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600)
    expect((await loadMaterialFile('ecdsa-p384', file)).bytes.equals(m.bytes)).toBe(true)
    const e: unknown = await saveMaterialBackup(m, file).catch((x: unknown) => x)
    expect((e as ByokError).code).toBe('exists')
  })

  it('round-trips symmetric material as base64, raw and hex', async () => {
    const m = await generateMaterial('chacha20-poly1305')
    for (const enc of ['base64', 'raw', 'hex'] as const) {
      const file = path.join(dir, `chacha.${enc}`)
      await saveMaterialBackup(m, file, enc)
      expect((await loadMaterialFile('chacha20-poly1305', file)).bytes.equals(m.bytes)).toBe(true)
    }
  })

  it('reports a folder that does not exist as an io error, leaving nothing behind', async () => {
    const m = await generateMaterial('aes128-gcm96')
    const e: unknown = await saveMaterialBackup(m, path.join(dir, 'no-such-dir', 'k.b64')).catch((x: unknown) => x)
    expect((e as ByokError).code).toBe('io')
    expect((e as ByokError).message).toMatch(/Could not write .*ENOENT/)
  })

  it('refuses an encoding that does not fit the key', async () => {
    const m = await generateMaterial('aes128-gcm96')
    await expect(saveMaterialBackup(m, path.join(dir, 'x.pem'), 'pem')).rejects.toThrow(/cannot be written as pem/)
    await expect(fs.stat(path.join(dir, 'x.pem'))).rejects.toThrow(/ENOENT/)
  })
})
