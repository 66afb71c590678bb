import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KeyType } from '../../../src-preload/contract/schemas/key-types'
import { FileError } from '../../../src-main/services/files'
import { hashFile, parseFileHash, signFile, SignatureFileSchema, verifyFileOffline, verifyFileOnline, type FileHash } from '../../../src-main/services/signing'
import { FakeSigningKms } from './fake-signing-kms'

const kms = new FakeSigningKms()
let dir = ''
const content = Buffer.from('Quarterly report: all numbers are fine.\n'.repeat(50_000))

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-sign-'))
  await writeFile(join(dir, 'report.txt'), content)
})
afterAll(async () => {
  kms.dispose()
  await rm(dir, { recursive: true, force: true })
})

const key = (keyType: KeyType, identity: string) => ({ region: 'nl-01', identity, slug: identity.slice(4), keyType })

/** `openssl` verification exactly as docs/file-format.md §7 tells a user to do it. */
function opensslVerifies(file: string, sigFile: string, publicKey: string, keyType: KeyType, hash: FileHash, alg: string): boolean {
  const sig = JSON.parse(execFileSync('cat', [sigFile]).toString()) as { signature: string; digest: string }
  const sigBin = join(dir, 'sig.bin')
  execFileSync('sh', ['-c', `printf %s "$0" | cut -d: -f3 | base64 -d > "$1"`, sig.signature, sigBin])
  const pub = join(dir, keyType === 'ed25519' ? 'pub.der' : 'pub.pem')
  try {
    if (keyType === 'ed25519') {
      // The KMS exports Ed25519 keys as base64 raw 32 bytes; prefix the SPKI header for openssl.
      execFileSync('sh', ['-c', `(printf '\\060\\052\\060\\005\\006\\003\\053\\145\\160\\003\\041\\000'; printf %s "$0" | base64 -d) > "$1"`, publicKey, pub])
      const digestBin = join(dir, 'digest.bin')
      execFileSync('sh', ['-c', `openssl dgst -${hash} -binary "$0" > "$1"`, file, digestBin])
      return execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-keyform', 'DER', '-inkey', pub, '-rawin', '-in', digestBin, '-sigfile', sigBin], { stdio: 'pipe' }).toString().includes('Success')
    }
    execFileSync('sh', ['-c', 'printf %s "$0" > "$1"', publicKey, pub])
    const pss = alg === 'pss' ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest'] : []
    return execFileSync('openssl', ['dgst', `-${hash}`, '-verify', pub, ...pss, '-signature', sigBin, file], { stdio: 'pipe' }).toString().includes('Verified OK')
  } catch {
    return false
  }
}

const cases: { keyType: KeyType; hash: FileHash; rsaPadding?: 'pss' | 'pkcs1v15' }[] = [
  { keyType: 'rsa-2048', hash: 'sha256' },
  { keyType: 'rsa-2048', hash: 'sha512', rsaPadding: 'pkcs1v15' },
  { keyType: 'ecdsa-p256', hash: 'sha256' },
  { keyType: 'ecdsa-p384', hash: 'sha384' },
  { keyType: 'ed25519', hash: 'sha512' }
]

describe('signed files', () => {
  for (const c of cases) {
    const id = `kms-${c.keyType}-${c.hash}-${c.rsaPadding ?? 'default'}`
    it(`${c.keyType} ${c.hash} ${c.rsaPadding ?? ''}: verifies online, offline and with openssl; a changed file does not`, async () => {
      kms.addKey(id, c.keyType)
      const file = join(dir, 'report.txt')
      const sigFile = join(dir, `${id}.sig.json`)
      const { signature } = await signFile({ file, kms, key: key(c.keyType, id), hash: c.hash, output: sigFile, ...(c.rsaPadding ? { rsaPadding: c.rsaPadding } : {}) })
      const onDisk = SignatureFileSchema.parse(JSON.parse(await readFile(sigFile, 'utf8')))
      expect(onDisk).toEqual(signature)
      expect(onDisk).toMatchObject({ hash: c.hash, file: { name: 'report.txt', size: content.length }, key: { keyVersion: '1', keyType: c.keyType } })
      expect(onDisk.digest).toBe(createHash(c.hash).update(content).digest('hex'))

      expect((await verifyFileOnline({ file, sigFile, kms })).valid).toBe(true)
      const pub = kms.publicKey(id)
      expect((await verifyFileOffline(file, sigFile, pub)).valid).toBe(true)
      expect(opensslVerifies(file, sigFile, pub, c.keyType, c.hash, onDisk.signatureAlgorithm)).toBe(true)

      // Negative: one changed byte, another key, a forged signature.
      const changed = join(dir, `${id}.changed`)
      const b = Buffer.from(content)
      b[100] = (b[100] as number) ^ 1
      await writeFile(changed, b)
      expect((await verifyFileOnline({ file: changed, sigFile, kms })).valid).toBe(false)
      expect((await verifyFileOffline(changed, sigFile, pub)).reason).toMatch(/does not match the signed digest/)
      expect(opensslVerifies(changed, sigFile, pub, c.keyType, c.hash, onDisk.signatureAlgorithm)).toBe(false)
      kms.rotate(id)
      expect((await verifyFileOffline(file, sigFile, kms.publicKey(id))).valid).toBe(false)
      expect((await verifyFileOnline({ file, sigFile, kms })).valid).toBe(true)
      const other = await signFile({ file: changed, kms, key: key(c.keyType, id), hash: c.hash, output: `${changed}.sig.json` })
      const forged = { ...onDisk, signature: other.signature.signature.replace(/^thalassa:v2:/, 'thalassa:v1:') }
      await writeFile(join(dir, `${id}.forged.json`), JSON.stringify(forged))
      expect((await verifyFileOffline(file, join(dir, `${id}.forged.json`), pub)).valid).toBe(false)
      expect((await verifyFileOnline({ file, sigFile: join(dir, `${id}.forged.json`), kms })).valid).toBe(false)
    }, 30_000)
  }

  it('refuses a public key of the wrong type, a key that cannot sign, and a broken signature file', async () => {
    const file = join(dir, 'report.txt')
    kms.addKey('kms-ed-x', 'ed25519')
    kms.addKey('kms-ec-x', 'ecdsa-p256')
    const { output } = await signFile({ file, kms, key: key('ecdsa-p256', 'kms-ec-x') })
    expect((await verifyFileOffline(file, output, kms.publicKey('kms-ed-x'))).reason).toMatch(/ed25519/)
    await expect(verifyFileOffline(file, output, 'not a key')).rejects.toMatchObject({ code: 'bad_input' })
    await expect(signFile({ file, kms, key: key('aes256-gcm96', 'kms-aes') })).rejects.toMatchObject({ code: 'bad_input' })
    await writeFile(join(dir, 'broken.sig.json'), '{"format":"thalassa-kms-signature"}')
    await expect(verifyFileOnline({ file, sigFile: join(dir, 'broken.sig.json'), kms })).rejects.toBeInstanceOf(FileError)
    await expect(signFile({ file, kms, key: key('ecdsa-p256', 'kms-ec-x') })).rejects.toMatchObject({ code: 'exists' })
    kms.disabled.add('kms-ec-x')
    await expect(signFile({ file, kms, key: key('ecdsa-p256', 'kms-ec-x'), overwrite: true })).rejects.toMatchObject({ code: 'key_not_usable' })
  })

  it('hashFile streams sha256/384/512, reports progress, and refuses folders', async () => {
    const file = join(dir, 'report.txt')
    for (const h of ['sha256', 'sha384', 'sha512'] as const) {
      expect((await hashFile(file, h)).equals(createHash(h).update(content).digest())).toBe(true)
    }
    let last = 0
    await hashFile(file, 'sha256', (p) => (last = p.bytesDone))
    expect(last).toBe(content.length)
    await expect(hashFile(dir, 'sha256')).rejects.toMatchObject({ code: 'bad_input' })
    expect(parseFileHash('SHA2-384')).toBe('sha384')
    expect(() => parseFileHash('md5')).toThrow(FileError)
  })
})
