/**
 * Runs the verification commands of docs/byok.md §7 exactly as written there (the blocks are
 * read from the document) against bundles made by the app. Needs openssl 3, jq, coreutils and
 * python3 with `cryptography`, like the procedure it tests.
 */
import { execFile } from 'node:child_process'
import { createPrivateKey } from 'node:crypto'
import { existsSync, promises as fs, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  generateMaterial,
  loadMaterial,
  loadWrappingKeyFile,
  prepareBundle,
  writeBundle,
  type Bundle,
  type WrappingKeyFile
} from '../../../../../src-main/services/byok'

const run = promisify(execFile)
// Debian's python3 gets `cryptography` from apt (python3-cryptography); other systems use python3 on PATH.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'
const DOC = readFileSync(path.join(import.meta.dirname, '../../../../../docs/byok.md'), 'utf8')

function block(name: string): string {
  const m = new RegExp(
    `<!-- doc-test: ${name.replace('.', '\\.')} -->\\n\`\`\`(?:sh|python)\\n([\\s\\S]*?)\`\`\`\\n`
  ).exec(DOC)
  if (!m?.[1]) throw new Error(`docs/byok.md has no doc-test block "${name}"`)
  return m[1]
}

let dir: string
let wk: WrappingKeyFile

async function sh(name: string): Promise<string> {
  return (await run('bash', ['-euo', 'pipefail', '-c', block(name)], { cwd: dir })).stdout
}
async function py(name: string, ...args: string[]): Promise<string> {
  const file = path.join(dir, name)
  await fs.writeFile(file, block(name))
  return (await run(PYTHON, [file, ...args], { cwd: dir })).stdout
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'byok-doc-'))
  await run(PYTHON, ['-c', 'import cryptography'])
  await sh('test-keypair')
  await py('make-wrapping-key-file.py')
  wk = (await loadWrappingKeyFile(path.join(dir, 'nl-01.wrapping-key.json'))).file
}, 60_000)
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

async function bundleFile(keyType: string, hashFunction: string): Promise<{ bundle: Bundle; material: Buffer }> {
  const m = await generateMaterial(keyType)
  const material = Buffer.from(m.bytes)
  const labels = { team: 'sécurité', note: 'quote " backslash \\ emoji 😀' }
  const bundle = prepareBundle(wk, m, { name: `doc-${keyType}`, labels, hashFunction })
  await fs.rm(path.join(dir, 'bundle.json'), { force: true })
  await writeBundle(path.join(dir, 'bundle.json'), bundle)
  return { bundle, material }
}

/**
 * §7.3: the key as a user holds it (SEC1 / PKCS#1 PEM for EC and RSA, as OpenSSL writes them),
 * converted with the documented command, equals the unwrapped material and loads in the app.
 */
async function keyToPkcs8Der(keyType: string, material: Buffer): Promise<void> {
  const key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' })
  const type = key.asymmetricKeyType === 'ec' ? 'sec1' : key.asymmetricKeyType === 'rsa' ? 'pkcs1' : 'pkcs8'
  await fs.writeFile(path.join(dir, 'key.pem'), key.export({ format: 'pem', type }))
  expect(await sh('key-to-pkcs8-der')).toBe('material matches\n')
  const der = await fs.readFile(path.join(dir, 'key.der'))
  expect(loadMaterial(keyType, der, { format: 'der' }).bytes.equals(material)).toBe(true)
  // What the old advice (openssl pkey -outform DER) writes for EC and RSA is not the material.
  if (type !== 'pkcs8') {
    await run('openssl', ['pkey', '-in', 'key.pem', '-outform', 'DER', '-out', 'key.pkey.der'], { cwd: dir })
    expect((await fs.readFile(path.join(dir, 'key.pkey.der'))).equals(material)).toBe(false)
  }
}

describe('docs/byok.md §7 verification commands', () => {
  it("7.1: OpenSSL prints the wrapping-key file's fingerprint and size", async () => {
    const out = await sh('fingerprint')
    expect(out).toContain(`SHA2-256(stdin)= ${wk.fingerprint}\n`)
    expect(out).toContain('Public-Key: (4096 bit)')
    expect(out.trim().endsWith(wk.fingerprint)).toBe(true)
  })

  const cases = [
    ['aes256-gcm96', 'sha256'],
    ['ecdsa-p384', 'sha384'],
    ['rsa-2048', 'sha1'],
    ['ed25519', 'sha512']
  ] as const
  for (const [keyType, hash] of cases) {
    it(`7.2 and 7.3: ${keyType} with RSA-OAEP-${hash} checks out and unwraps to the same material`, async () => {
      const { bundle, material } = await bundleFile(keyType, hash)
      const verified = await py('verify-bundle.py', 'bundle.json', 'nl-01.wrapping-key.json')
      expect(verified).toContain('digest ok')
      expect(verified).toContain(`wrapping key ok: ${wk.fingerprint}`)
      expect(verified).toContain(`512 bytes RSA-OAEP-${hash}`)
      expect((await sh('unwrap-rsa')).trim()).toBe('32')
      await sh('unwrap-kwp-node')
      expect((await fs.readFile(path.join(dir, 'material.bin'))).equals(material)).toBe(true)
      await fs.rm(path.join(dir, 'material.bin'))
      expect((await py('unwrap-kwp.py')).trim()).toBe(`${material.length} bytes`)
      expect((await fs.readFile(path.join(dir, 'material.bin'))).equals(material)).toBe(true)
      await fs.rm(path.join(dir, 'material.bin'))
      await sh('unwrap-kwp-openssl')
      expect((await fs.readFile(path.join(dir, 'material.bin'))).equals(material), 'openssl enc unwrap').toBe(true)
      if (bundle.publicKeyFingerprint !== undefined) {
        expect(verified).toContain(`public key ok: ${bundle.publicKeyFingerprint}`)
        const out = await sh('public-key-fingerprint')
        expect(out).toBe(`SHA2-256(stdin)= ${bundle.publicKeyFingerprint}\n${bundle.publicKeyFingerprint}\n`)
        await keyToPkcs8Der(keyType, material)
      }
    })
  }

  it('7.3: the OpenSSL KWP unwrap refuses a wrapped blob that was altered', async () => {
    await bundleFile('aes256-gcm96', 'sha256')
    await sh('unwrap-rsa')
    const kwp = await fs.readFile(path.join(dir, 'kwp-part.bin'))
    kwp[3] = (kwp[3] as number) ^ 1
    await fs.writeFile(path.join(dir, 'kwp-part.bin'), kwp)
    await fs.rm(path.join(dir, 'material.bin'), { force: true })
    await expect(sh('unwrap-kwp-openssl')).rejects.toThrow()
  })

  it('7.2: the Python check catches an edited bundle', async () => {
    await bundleFile('aes128-gcm96', 'sha256')
    const file = path.join(dir, 'bundle.json')
    const edited = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>
    edited['allowRotation'] = true
    await fs.writeFile(file, JSON.stringify(edited))
    const e: unknown = await py('verify-bundle.py', 'bundle.json', 'nl-01.wrapping-key.json').catch((x: unknown) => x)
    expect(String((e as { stderr?: string }).stderr)).toMatch(/AssertionError: digest mismatch/)
  })
})
