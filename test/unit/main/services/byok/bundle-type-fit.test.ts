import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ByokError,
  fetchWrappingKey,
  generateMaterial,
  parseBundle,
  prepareBundle,
  writeBundle,
  type Bundle,
  type WrappingKeyFile
} from '../../../../../src-main/services/byok'
import { contentDigest } from '../../../../../src-main/services/byok/canonical-json'
import { cliEnv, errorOf, tkms } from '../../cli/helpers'
import { FakeByokKms, rsaPair } from './fake-kms'

/*
 * docs/byok.md §5: a bundle whose material does not fit its declared key type is refused on load,
 * before anything is sent. The wrapped material cannot be read offline; its public key can, so the
 * public key must be of the declared family, RSA size or curve (one probe per family below).
 */
let dir = ''
let wk: WrappingKeyFile
const made = new Map<string, Bundle>()

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'byok-fit-'))
  const kms = new FakeByokKms(new Map([['nl-01', (await rsaPair(2048)).privateKey]]))
  wk = (await fetchWrappingKey(kms, 'nl-01', { endpoint: 'https://api.thalassa.cloud', organisation: 'acme' })).file
  for (const t of ['ecdsa-p256', 'ecdsa-p384', 'rsa-2048', 'ed25519', 'aes256-gcm96']) {
    made.set(t, prepareBundle(wk, await generateMaterial(t), { name: `fit-${t}`, allowRotation: false }))
  }
}, 60_000)
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

const bundle = (t: string): Bundle => made.get(t) as Bundle
/** The bundle re-declared as another type, with a fresh digest (as another tool could write it). */
function declaredAs(b: Bundle, keyType: string, drop: (keyof Bundle)[] = []): Record<string, unknown> {
  const { digest: _d, ...body } = b
  const edited: Record<string, unknown> = { ...body, keyType }
  for (const k of drop) delete edited[k]
  return { ...edited, digest: contentDigest(edited) }
}

function refusal(content: unknown): ByokError {
  try {
    parseBundle(content)
  } catch (e) {
    expect(e).toBeInstanceOf(ByokError)
    return e as ByokError
  }
  throw new Error('the bundle was accepted')
}

describe('bundle material must fit the declared key type', () => {
  it('accepts each bundle as made (the probes below differ only in the declared type)', () => {
    for (const b of made.values()) expect(parseBundle(JSON.parse(JSON.stringify(b))).keyType).toBe(b.keyType)
  })

  const probes: [material: string, declared: string, found: RegExp][] = [
    [
      'ecdsa-p384',
      'ecdsa-p256',
      /ecdsa-p256 needs an EC private key on curve P-256, but the input is an EC P-384 public key/
    ],
    ['ecdsa-p256', 'ecdsa-p521', /curve P-521, but the input is an EC P-256 public key/],
    [
      'rsa-2048',
      'rsa-4096',
      /rsa-4096 needs an RSA private key with a 4096-bit modulus, but the input is an RSA-2048 public key/
    ],
    ['rsa-2048', 'ecdsa-p384', /curve P-384, but the input is an RSA-2048 public key/],
    ['ed25519', 'ecdsa-p256', /curve P-256, but the input is an Ed25519 public key/],
    ['ecdsa-p256', 'ed25519', /ed25519 needs an Ed25519 private key, but the input is an EC P-256 public key/],
    ['ecdsa-p256', 'rsa-2048', /2048-bit modulus, but the input is an EC P-256 public key/]
  ]
  it.each(probes)(
    '%s material declared %s is refused as integrity, naming what it found',
    (material, declared, found) => {
      const e = refusal(declaredAs(bundle(material), declared))
      expect(e.code).toBe('integrity')
      expect(e.message).toMatch(/material does not fit its key type/)
      expect(e.message).toMatch(found)
    }
  )

  it('symmetric: a bundle carrying a public key, or asymmetric material declared symmetric, is refused', () => {
    expect(refusal(declaredAs(bundle('ed25519'), 'aes256-gcm96')).message).toMatch(
      /publicKeyFingerprint does not fit key type aes256-gcm96/
    )
    expect(refusal(declaredAs(bundle('ecdsa-p256'), 'aes256-gcm96', ['publicKeyFingerprint'])).code).toBe('integrity')
    expect(refusal(declaredAs(bundle('aes256-gcm96'), 'ed25519')).message).toMatch(
      /publicKeyFingerprint does not fit key type ed25519/
    )
  })

  it('an asymmetric bundle without its publicKey is refused (it is what the type is checked against)', () => {
    expect(refusal(declaredAs(bundle('ecdsa-p256'), 'ecdsa-p256', ['publicKey'])).message).toBe(
      'The import bundle has no publicKey, which key type ecdsa-p256 needs.'
    )
  })

  it(
    'tkms byok inspect refuses the mismatched bundle (exit 3) and shows the good one',
    { timeout: 60_000 },
    async () => {
      const good = path.join(dir, 'good.byok.json')
      await writeBundle(good, bundle('ecdsa-p384'))
      const bad = path.join(dir, 'bad.byok.json')
      await fs.writeFile(bad, JSON.stringify(declaredAs(bundle('ecdsa-p384'), 'ecdsa-p256')))
      const env = cliEnv(path.join(dir, 'data'))
      const refused = await tkms(['--output', 'json', 'byok', 'inspect', bad], { env, cwd: dir })
      expect(refused.code, refused.stderr).toBe(3)
      expect(errorOf(refused)).toMatchObject({
        code: 'integrity',
        message: expect.stringMatching(/EC P-384 public key/)
      })
      const shown = await tkms(['--output', 'json', 'byok', 'inspect', good], { env, cwd: dir })
      expect(shown.code, shown.stderr).toBe(0)
      expect(shown.json()).toMatchObject({ keyType: 'ecdsa-p384' })
    }
  )
})
