/**
 * Every importable key type through both flows against the real sandbox, then proof that the
 * KMS holds exactly our material: it decrypts what we encrypt locally (and vice versa), and its
 * signatures verify under the public key of the local material.
 */
import {
  constants,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  verify,
  type KeyObject
} from 'node:crypto'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  IMPORTABLE_KEY_TYPES,
  fetchWrappingKey,
  generateMaterial,
  importBundle,
  importOneStep,
  loadMaterial,
  loadWrappingKeyFile,
  prepareBundle,
  saveWrappingKeyFile,
  writeBundle,
  type ImportReport,
  type ImportableKeyType,
  type WrappingKeyFile
} from '../../../../../src-main/services/byok'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import { b64, openSandboxCore, wireBytes, type SandboxCore } from './sandbox-helpers'
import { presetTestWrappingKey } from '../../../../support/wrapping-key'

let t: SandboxCore
let client: KmsClient
let wkFile: WrappingKeyFile
const REGION = 'nl-01'

beforeAll(async () => {
  t = await openSandboxCore()
  await presetTestWrappingKey(t.core.sandbox, REGION)
  client = await t.core.workspace.client()
  const p = join(t.dir, `${REGION}.wrapping-key.json`)
  await saveWrappingKeyFile(
    p,
    (await fetchWrappingKey(client, REGION, { endpoint: t.core.sandbox.url, organisation: 'sandbox' })).file
  )
  wkFile = (await loadWrappingKeyFile(p)).file
}, 120_000)
afterAll(async () => {
  await t.close()
})

const symmetric = (k: ImportableKeyType) => k === 'aes128-gcm96' || k === 'aes256-gcm96' || k === 'chacha20-poly1305'
const name = (k: string, flow: string) => `byok-${flow}-${k}-${randomBytes(3).toString('hex')}`

/** Local decrypt of a sandbox ciphertext: nonce(12) ‖ ciphertext ‖ tag(16). */
function openLocally(keyType: ImportableKeyType, key: Buffer, wire: string): Buffer {
  const raw = wireBytes(wire)
  const cipher =
    keyType === 'chacha20-poly1305' ? 'chacha20-poly1305' : keyType === 'aes128-gcm96' ? 'aes-128-gcm' : 'aes-256-gcm'
  const d = createDecipheriv(cipher as 'aes-256-gcm', key, raw.subarray(0, 12), { authTagLength: 16 })
  d.setAuthTag(raw.subarray(raw.length - 16))
  return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()])
}

async function proveSymmetric(keyType: ImportableKeyType, id: string, material: Buffer): Promise<void> {
  const text = `round trip ${keyType}`
  const { ciphertext } = await client.encrypt(REGION, id, { plaintext: b64(text) })
  expect(ciphertext).toMatch(/^thalassa:v1:/)
  expect(Buffer.from((await client.decrypt(REGION, id, { ciphertext })).plaintext, 'base64').toString()).toBe(text)
  expect(openLocally(keyType, material, ciphertext).toString()).toBe(text)
}

async function proveRsaEncryption(id: string, priv: KeyObject): Promise<void> {
  const text = 'rsa round trip'
  const { ciphertext } = await client.encrypt(REGION, id, { plaintext: b64(text) })
  expect(Buffer.from((await client.decrypt(REGION, id, { ciphertext })).plaintext, 'base64').toString()).toBe(text)
  expect(
    privateDecrypt(
      { key: priv, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      wireBytes(ciphertext)
    ).toString()
  ).toBe(text)
  const local = publicEncrypt(
    { key: createPublicKey(priv), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    Buffer.from('local to kms')
  )
  const back = await client.decrypt(REGION, id, { ciphertext: `thalassa:v1:${local.toString('base64')}` })
  expect(Buffer.from(back.plaintext, 'base64').toString()).toBe('local to kms')
}

async function proveSignature(keyType: ImportableKeyType, id: string, priv: KeyObject): Promise<void> {
  const data = Buffer.from(`signed by imported ${keyType}`)
  const pub = createPublicKey(priv)
  const { signature } = await client.sign(REGION, id, { input: data.toString('base64') })
  const sig = wireBytes(signature)
  let ok: boolean
  if (keyType === 'ed25519') ok = verify(null, data, pub, sig)
  else if (keyType.startsWith('rsa-'))
    ok = verify('sha256', data, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)
  else ok = verify('sha256', data, { key: pub, dsaEncoding: 'der' }, sig)
  expect(ok).toBe(true)
  // And a signature over other data must not verify: the check above can fail.
  expect(
    verify(
      keyType === 'ed25519' ? null : 'sha256',
      Buffer.from('other'),
      keyType.startsWith('ecdsa') ? { key: pub, dsaEncoding: 'der' } : pub,
      sig
    )
  ).toBe(false)
}

function expectGoodReport(r: ImportReport, keyType: ImportableKeyType): void {
  expect(r.ok, r.warnings.join('; ')).toBe(true)
  expect(r.imported).toBe(true)
  expect(r.key.imported).toBe(true)
  expect(r.key.keyType).toBe(keyType)
  expect(r.wrappingKeyFingerprint).toBe(wkFile.fingerprint)
  if (symmetric(keyType)) {
    expect(r.publicKeyCheck).toBeUndefined()
  } else {
    expect(r.publicKeyCheck?.match).toBe(true)
    expect(r.publicKeyCheck?.remoteFingerprint).toBe(r.publicKeyCheck?.localFingerprint)
  }
}

describe.each(IMPORTABLE_KEY_TYPES.map((k) => [k]))('%s', (keyType) => {
  let material: Buffer
  const reload = () => loadMaterial(keyType, material, { format: symmetric(keyType) ? 'raw' : 'der' })

  beforeAll(async () => {
    const m = await generateMaterial(keyType)
    material = Buffer.from(m.bytes)
    m.destroy()
  }, 60_000)
  afterAll(() => {
    material.fill(0)
  })

  const prove = async (r: ImportReport) => {
    expectGoodReport(r, keyType)
    const id = r.key.identity
    if (symmetric(keyType)) return proveSymmetric(keyType, id, material)
    const priv = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' })
    if (keyType.startsWith('rsa-')) await proveRsaEncryption(id, priv)
    await proveSignature(keyType, id, priv)
  }

  it('offline bundle, then import', async () => {
    const bundle = prepareBundle(wkFile, reload(), {
      name: name(keyType, 'bundle'),
      labels: { flow: 'offline' },
      allowRotation: true
    })
    const file = join(t.dir, `${bundle.name}.byok.json`)
    await writeBundle(file, bundle)
    const r = await importBundle(client, file, { region: REGION })
    expect(r.key.name).toBe(bundle.name)
    expect(r.key.labels).toEqual({ flow: 'offline' })
    await prove(r)
  }, 60_000)

  it('one step', async () => {
    const m = reload()
    const r = await importOneStep(client, REGION, m, { name: name(keyType, 'now'), hashFunction: 'SHA512' })
    expect(m.destroyed).toBe(true)
    expect(r.hashFunction).toBe('sha512')
    await prove(r)
  }, 60_000)
})
