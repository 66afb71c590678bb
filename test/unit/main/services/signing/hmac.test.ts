import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HmacFileSchema, hmacFile, verifyHmacFile } from '../../../../../src-main/services/signing'
import { FakeSigningKms } from './fake-signing-kms'

const kms = new FakeSigningKms()
let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-hmac-'))
  await writeFile(join(dir, 'data.csv'), 'a,b,c\n1,2,3\n')
  await writeFile(join(dir, 'other.csv'), 'a,b,c\n1,2,4\n')
})
afterAll(async () => {
  kms.dispose()
  await rm(dir, { recursive: true, force: true })
})

describe('file HMAC', () => {
  for (const keyType of ['hmac', 'hmac-sha256', 'hmac-sha512'] as const) {
    it(`${keyType}: verifies, survives rotation, and rejects a changed file or a forged value`, async () => {
      const id = `kms-${keyType}`
      kms.addKey(id, keyType)
      const key = { region: 'nl-02', identity: id, slug: keyType, keyType }
      const file = join(dir, 'data.csv')
      const out = join(dir, `${keyType}.hmac.json`)
      const { hmac } = await hmacFile({ file, kms, key, hash: 'sha384', output: out })
      expect(HmacFileSchema.parse(JSON.parse(await readFile(out, 'utf8')))).toEqual(hmac)
      expect((await verifyHmacFile({ file, macFile: out, kms })).valid).toBe(true)
      kms.rotate(id)
      expect((await verifyHmacFile({ file, macFile: out, kms })).valid).toBe(true)
      expect((await verifyHmacFile({ file: join(dir, 'other.csv'), macFile: out, kms })).valid).toBe(false)
      const other = await hmacFile({
        file: join(dir, 'other.csv'),
        kms,
        key,
        hash: 'sha384',
        output: join(dir, `${keyType}-other.json`)
      })
      await writeFile(join(dir, 'forged.json'), JSON.stringify({ ...hmac, hmac: other.hmac.hmac }))
      expect((await verifyHmacFile({ file, macFile: join(dir, 'forged.json'), kms })).valid).toBe(false)
    })
  }

  it('refuses a key that is not an HMAC key', async () => {
    await expect(
      hmacFile({
        file: join(dir, 'data.csv'),
        kms,
        key: { region: 'nl-01', identity: 'kms-x', slug: 'x', keyType: 'ed25519' }
      })
    ).rejects.toMatchObject({ code: 'bad_input' })
  })
})
