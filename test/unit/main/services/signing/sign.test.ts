import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KeyType } from '@contract/schemas/key-types'
import { FileError } from '../../../../../src-main/services/files'
import {
  hashFile,
  parseFileHash,
  signFile,
  SignatureFileSchema,
  verifyFileOffline,
  verifyFileOnline,
  type FileHash
} from '../../../../../src-main/services/signing'
import { FakeSigningKms, type RsaScheme } from './fake-signing-kms'

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
function opensslVerifies(
  file: string,
  sigFile: string,
  publicKey: string,
  keyType: KeyType,
  hash: FileHash,
  rsa: RsaScheme | undefined
): boolean {
  const sig = JSON.parse(execFileSync('cat', [sigFile]).toString()) as { signature: string; digest: string }
  const sigBin = join(dir, 'sig.bin')
  execFileSync('sh', ['-c', `printf %s "$0" | cut -d: -f3 | base64 -d > "$1"`, sig.signature, sigBin])
  const pub = join(dir, keyType === 'ed25519' ? 'pub.der' : 'pub.pem')
  try {
    if (keyType === 'ed25519') {
      // The KMS exports Ed25519 keys as base64 raw 32 bytes; prefix the SPKI header for openssl.
      execFileSync('sh', [
        '-c',
        `(printf '\\060\\052\\060\\005\\006\\003\\053\\145\\160\\003\\041\\000'; printf %s "$0" | base64 -d) > "$1"`,
        publicKey,
        pub
      ])
      const digestBin = join(dir, 'digest.bin')
      execFileSync('sh', ['-c', `openssl dgst -${hash} -binary "$0" > "$1"`, file, digestBin])
      return execFileSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-keyform',
          'DER',
          '-inkey',
          pub,
          '-rawin',
          '-in',
          digestBin,
          '-sigfile',
          sigBin
        ],
        { stdio: 'pipe' }
      )
        .toString()
        .includes('Success')
    }
    execFileSync('sh', ['-c', 'printf %s "$0" > "$1"', publicKey, pub])
    const pss =
      keyType.startsWith('rsa') && rsa !== 'pkcs1v15'
        ? ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:auto']
        : []
    return execFileSync('openssl', ['dgst', `-${hash}`, '-verify', pub, ...pss, '-signature', sigBin, file], {
      stdio: 'pipe'
    })
      .toString()
      .includes('Verified OK')
  } catch {
    return false
  }
}

/** `rsa`: how the (fake) server signs RSA; the client does not choose and finds out when verifying. */
const cases: { keyType: KeyType; hash: FileHash; rsa?: RsaScheme; scheme: string }[] = [
  { keyType: 'rsa-2048', hash: 'sha256', scheme: 'rsa-pss' },
  { keyType: 'rsa-2048', hash: 'sha384', rsa: 'pss-max-salt', scheme: 'rsa-pss' },
  { keyType: 'rsa-2048', hash: 'sha512', rsa: 'pkcs1v15', scheme: 'rsa-pkcs1v15' },
  { keyType: 'ecdsa-p256', hash: 'sha256', scheme: 'ecdsa-der' },
  { keyType: 'ecdsa-p384', hash: 'sha384', scheme: 'ecdsa-der' },
  { keyType: 'ed25519', hash: 'sha512', scheme: 'ed25519' }
]

describe('signed files', () => {
  for (const c of cases) {
    const id = `kms-${c.keyType}-${c.hash}-${c.rsa ?? 'default'}`
    it(`${c.keyType} ${c.hash} ${c.rsa ?? ''}: verifies online (public key from the KMS), offline and with openssl; a changed file does not`, async () => {
      kms.addKey(id, c.keyType, c.rsa)
      const file = join(dir, 'report.txt')
      const sigFile = join(dir, `${id}.sig.json`)
      const { signature } = await signFile({ file, kms, key: key(c.keyType, id), hash: c.hash, output: sigFile })
      const onDisk = SignatureFileSchema.parse(JSON.parse(await readFile(sigFile, 'utf8')))
      expect(onDisk).toEqual(signature)
      expect(onDisk).toMatchObject({
        hash: c.hash,
        file: { name: 'report.txt', size: content.length },
        key: { keyVersion: '1', keyType: c.keyType }
      })
      expect(onDisk.digest).toBe(createHash(c.hash).update(content).digest('hex'))

      expect(onDisk.signatureAlgorithm).toBeUndefined()
      const online = await verifyFileOnline({ file, sigFile, kms })
      expect(online).toMatchObject({ valid: true, scheme: c.scheme })
      expect(online.detail).toMatch(/^verified with the public key of version 1, fetched from the KMS \(/)
      const pub = kms.publicKey(id)
      expect(await verifyFileOffline(file, sigFile, pub)).toMatchObject({ valid: true, scheme: c.scheme })
      expect(opensslVerifies(file, sigFile, pub, c.keyType, c.hash, c.rsa)).toBe(true)

      // Negative: one changed byte, another key, a forged signature.
      const changed = join(dir, `${id}.changed`)
      const b = Buffer.from(content)
      b[100] = (b[100] as number) ^ 1
      await writeFile(changed, b)
      expect((await verifyFileOnline({ file: changed, sigFile, kms })).valid).toBe(false)
      expect((await verifyFileOffline(changed, sigFile, pub)).reason).toMatch(/does not match the signed digest/)
      expect(opensslVerifies(changed, sigFile, pub, c.keyType, c.hash, c.rsa)).toBe(false)
      kms.rotate(id)
      expect((await verifyFileOffline(file, sigFile, kms.publicKey(id))).valid).toBe(false)
      expect((await verifyFileOnline({ file, sigFile, kms })).valid).toBe(true)
      const other = await signFile({
        file: changed,
        kms,
        key: key(c.keyType, id),
        hash: c.hash,
        output: `${changed}.sig.json`
      })
      const forged = { ...onDisk, signature: other.signature.signature.replace(/^thalassa:v2:/, 'thalassa:v1:') }
      await writeFile(join(dir, `${id}.forged.json`), JSON.stringify(forged))
      expect((await verifyFileOffline(file, join(dir, `${id}.forged.json`), pub)).valid).toBe(false)
      expect((await verifyFileOnline({ file, sigFile: join(dir, `${id}.forged.json`), kms })).valid).toBe(false)
    }, 30_000)
  }

  it('opaque signatures (no version prefix): online verification tries the latest public key, then older ones', async () => {
    const file = join(dir, 'report.txt')
    kms.addKey('kms-opaque', 'rsa-2048', 'pss-max-salt')
    kms.prefixed = false
    try {
      const { output, signature } = await signFile({
        file,
        kms,
        key: key('rsa-2048', 'kms-opaque'),
        output: join(dir, 'opaque.sig.json')
      })
      expect(signature.signature).not.toContain(':')
      expect(signature.key.keyVersion).toBeUndefined()
      kms.rotate('kms-opaque')
      kms.rotate('kms-opaque')
      kms.publicKeyReads = []
      const r = await verifyFileOnline({ file, sigFile: output, kms })
      expect(r).toMatchObject({
        valid: true,
        scheme: 'rsa-pss',
        detail: 'verified with the public key of version 1, fetched from the KMS (RSA-PSS)'
      })
      expect(kms.publicKeyReads).toEqual([3, 2, 1])
      const other = join(dir, 'other.txt')
      await writeFile(other, 'other')
      const forged = {
        ...signature,
        digest: createHash('sha256').update('other').digest('hex'),
        file: { name: 'other.txt', size: 5 }
      }
      await writeFile(join(dir, 'opaque-forged.sig.json'), JSON.stringify(forged))
      const bad = await verifyFileOnline({ file: other, sigFile: join(dir, 'opaque-forged.sig.json'), kms })
      expect(bad).toMatchObject({
        valid: false,
        reason: expect.stringMatching(/checked against versions 3 to 1 of the key/)
      })
    } finally {
      kms.prefixed = true
    }
  })

  it('reads signature files of earlier versions (with signatureAlgorithm) and verifies them whatever they claim', async () => {
    const file = join(dir, 'report.txt')
    kms.addKey('kms-legacy', 'rsa-2048', 'pkcs1v15')
    const { signature } = await signFile({
      file,
      kms,
      key: key('rsa-2048', 'kms-legacy'),
      output: join(dir, 'legacy.sig.json')
    })
    await writeFile(join(dir, 'legacy2.sig.json'), JSON.stringify({ ...signature, signatureAlgorithm: 'pss' }))
    expect(await verifyFileOnline({ file, sigFile: join(dir, 'legacy2.sig.json'), kms })).toMatchObject({
      valid: true,
      scheme: 'rsa-pkcs1v15'
    })
  })

  it('refuses a public key of the wrong type, a key that cannot sign, and a broken signature file', async () => {
    const file = join(dir, 'report.txt')
    kms.addKey('kms-ed-x', 'ed25519')
    kms.addKey('kms-ec-x', 'ecdsa-p256')
    const { output } = await signFile({ file, kms, key: key('ecdsa-p256', 'kms-ec-x') })
    expect((await verifyFileOffline(file, output, kms.publicKey('kms-ed-x'))).reason).toMatch(/ed25519/)
    await expect(verifyFileOffline(file, output, 'not a key')).rejects.toMatchObject({ code: 'bad_input' })
    await expect(signFile({ file, kms, key: key('aes256-gcm96', 'kms-aes') })).rejects.toMatchObject({
      code: 'bad_input'
    })
    await writeFile(join(dir, 'broken.sig.json'), '{"format":"thalassa-kms-signature"}')
    await expect(verifyFileOnline({ file, sigFile: join(dir, 'broken.sig.json'), kms })).rejects.toBeInstanceOf(
      FileError
    )
    await expect(signFile({ file, kms, key: key('ecdsa-p256', 'kms-ec-x') })).rejects.toMatchObject({ code: 'exists' })
    kms.disabled.add('kms-ec-x')
    await expect(signFile({ file, kms, key: key('ecdsa-p256', 'kms-ec-x'), overwrite: true })).rejects.toMatchObject({
      code: 'key_not_usable'
    })
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
