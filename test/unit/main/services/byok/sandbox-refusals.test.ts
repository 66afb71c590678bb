/**
 * Every BYOK refusal against the real sandbox: each says what is wrong, and no key is created
 * (the key list of the region is the same before and after).
 */
import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ByokError,
  HMAC_REFUSAL,
  KeyMaterial,
  fetchWrappingKey,
  generateMaterial,
  importBundle,
  importOneStep,
  loadMaterial,
  prepareBundle,
  spkiFingerprint,
  writeBundle,
  type Bundle,
  type WrappingKeyFile
} from '../../../../../src-main/services/byok'
import { contentDigest } from '../../../../../src-main/services/byok/canonical-json'
import { AppFailure } from '../../../../../src-main/services/kms/errors'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import { openSandboxCore, type SandboxCore } from './sandbox-helpers'
import { presetTestWrappingKey } from '../../../../support/wrapping-key'

let t: SandboxCore
let client: KmsClient
let nl01: WrappingKeyFile
let nl02: WrappingKeyFile
/** A wrapping-key file for nl-01 made from another key: what a file saved before a rotation looks like. */
let stale: WrappingKeyFile

beforeAll(async () => {
  t = await openSandboxCore()
  await presetTestWrappingKey(t.core.sandbox)
  client = await t.core.workspace.client()
  const source = { endpoint: t.core.sandbox.url, organisation: 'sandbox' }
  nl01 = (await fetchWrappingKey(client, 'nl-01', source)).file
  nl02 = (await fetchWrappingKey(client, 'nl-02', source)).file
  const other = createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
  stale = {
    ...nl01,
    publicKey: other.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprint: spkiFingerprint(other),
    rsaBits: 2048
  }
}, 120_000)
afterAll(async () => {
  await t.close()
})

const keyIds = async (region = 'nl-01') => (await client.listKeys(region)).map((k) => k.identity).sort()
const meta = () => ({ name: `refused-${randomBytes(4).toString('hex')}` })

/** Runs `fn`, expects a refusal matching `message`, and that neither region gained a key. */
async function refused(fn: () => Promise<unknown>, message: RegExp): Promise<Error> {
  const [before1, before2] = [await keyIds('nl-01'), await keyIds('nl-02')]
  const e: unknown = await fn().then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(Error)
  expect(e instanceof ByokError || e instanceof AppFailure).toBe(true)
  expect((e as Error).message).toMatch(message)
  expect(await keyIds('nl-01')).toEqual(before1)
  expect(await keyIds('nl-02')).toEqual(before2)
  return e as Error
}

async function bundleFile(b: Bundle): Promise<string> {
  const file = join(t.dir, `${b.name}-${randomBytes(3).toString('hex')}.byok.json`)
  await writeBundle(file, b)
  return file
}

/** Re-seal an edited bundle so only the edit (not the digest) is what gets refused. */
const reseal = (b: Record<string, unknown>) => {
  const { digest: _d, ...body } = b
  return { ...body, digest: contentDigest(body) }
}

describe('refused against the sandbox, no key created', () => {
  it('a bundle made under a wrapping key the region no longer has (rotated since)', async () => {
    const file = await bundleFile(prepareBundle(stale, await generateMaterial('aes256-gcm96'), meta()))
    const e = await refused(
      () => importBundle(client, file, { region: 'nl-01' }),
      /wrapping key of nl-01 has changed since this bundle was made/
    )
    expect((e as ByokError).hint).toMatch(/wrapping-key save/)
  })

  it('a bundle for another region', async () => {
    const file = await bundleFile(prepareBundle(nl02, await generateMaterial('aes256-gcm96'), meta()))
    await refused(() => importBundle(client, file, { region: 'nl-01' }), /made for region nl-02, not nl-01/)
  })

  it('HMAC types: no material is generated or loaded, no bundle is read', async () => {
    await refused(() => generateMaterial('hmac-sha256'), /does not import HMAC keys/)
    await refused(async () => loadMaterial('hmac', randomBytes(32)), /does not import HMAC keys/)
    const good = prepareBundle(nl01, await generateMaterial('aes256-gcm96'), meta())
    const file = join(t.dir, 'hmac.byok.json')
    await writeFile(file, JSON.stringify(reseal({ ...good, keyType: 'hmac-sha512' })))
    const e = await refused(() => importBundle(client, file, { region: 'nl-01' }), /does not import HMAC keys/)
    expect(e.message).toBe(HMAC_REFUSAL)
  })

  it('material that does not fit the key type is refused locally', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'der', type: 'pkcs8' })
    await refused(
      async () => importOneStep(client, 'nl-01', loadMaterial('ecdsa-p256', p384, { format: 'der' }), meta()),
      /P-384/
    )
    const pub = createPublicKey(generateKeyPairSync('ed25519').privateKey).export({ format: 'pem', type: 'spki' })
    await refused(async () => loadMaterial('ed25519', pub), /public key/)
    await refused(async () => loadMaterial('aes128-gcm96', randomBytes(32), { format: 'raw' }), /16 random bytes/)
  })

  it('wrong material that slipped past the checker is refused by the KMS', async () => {
    // keyType rsa-2048 and an RSA-2048 public key (so the bundle loads), but the wrapped material is
    // an Ed25519 key: the sandbox unwraps and refuses.
    const ed = generateKeyPairSync('ed25519').privateKey
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey
    const pem = rsa.export({ format: 'pem', type: 'spki' }).toString()
    const forged = new KeyMaterial('rsa-2048', ed.export({ format: 'der', type: 'pkcs8' }), {
      pem,
      fingerprint: spkiFingerprint(rsa)
    })
    const file = await bundleFile(prepareBundle(nl01, forged, meta()))
    const e = await refused(() => importBundle(client, file, { region: 'nl-01' }), /./)
    expect((e as AppFailure).appError.code).toBe('validation')
  })

  it('a symmetric bundle with a wrapped length that cannot be the key type', async () => {
    await refused(
      async () => prepareBundle(nl01, new KeyMaterial('aes256-gcm96', randomBytes(16)), meta()),
      /impossible length/
    )
  })

  it('a corrupted bundle (edited after it was made)', async () => {
    const file = await bundleFile(prepareBundle(nl01, await generateMaterial('aes128-gcm96'), meta()))
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    await writeFile(file, JSON.stringify({ ...json, allowRotation: !json['allowRotation'] }))
    await refused(() => importBundle(client, file, { region: 'nl-01' }), /modified or corrupted/)
  })

  it('a bundle whose wrapped material was damaged and re-sealed: the KMS cannot unwrap it', async () => {
    const b = prepareBundle(nl01, await generateMaterial('aes256-gcm96'), meta())
    const blob = Buffer.from(b.importKeyMaterial, 'base64')
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 0xff
    const file = join(t.dir, 'damaged.byok.json')
    await writeFile(file, JSON.stringify(reseal({ ...b, importKeyMaterial: blob.toString('base64') })))
    await refused(() => importBundle(client, file, { region: 'nl-01' }), /AES-KWP/)
  })
})
