import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KmsError, type KmsClient } from '../../../../../src-main/services/kms/client'
import { C, b64, clientFor, openSandbox, patAuth, type Sandbox } from '../sandbox-harness'

/** A read-only token's writes come back as the service's masked 404; the client names the cause. */
let t: Sandbox
let admin: KmsClient
let reader: KmsClient
let keyId: string

beforeAll(async () => {
  t = await openSandbox()
  admin = clientFor(t.sb.url)
  reader = clientFor(t.sb.url, { auth: patAuth(C.readerPat) })
  keyId = (await admin.createKey('nl-01', { name: 'payments', keyType: 'aes256-gcm96' })).identity
})
afterAll(async () => {
  await admin.close()
  await reader.close()
  await t.stop()
})

async function failure(p: Promise<unknown>): Promise<KmsError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(KmsError)
  return e as KmsError
}

describe('masked 404 on a write', () => {
  it('rotate, disable and delete by a read-only token say the token cannot change keys here', async () => {
    await expect(reader.getKey('nl-01', keyId)).resolves.toMatchObject({ name: 'payments' })
    for (const p of [
      reader.rotate('nl-01', keyId),
      reader.disable('nl-01', keyId),
      reader.scheduleDeletion('nl-01', keyId)
    ]) {
      const e = await failure(p)
      expect(e.code).toBe('no_write_access')
      expect(e.message).toMatch(/your token cannot change keys here in region nl-01/)
      expect(e.message).not.toMatch(/not found|no endpoint/)
    }
  })

  it('creating a key with a read-only token says the same, not "no endpoint POST"', async () => {
    const e = await failure(reader.createKey('nl-01', { name: 'nope', keyType: 'aes256-gcm96' }))
    expect(e.code).toBe('no_write_access')
    expect(e.message).not.toMatch(/no endpoint/)
    expect((await admin.listKeys('nl-01')).map((k) => k.name)).toEqual(['payments'])
  })

  it('using a key to encrypt says the token cannot use keys here', async () => {
    const e = await failure(reader.encrypt('nl-01', keyId, { plaintext: b64('hi') }))
    expect(e.code).toBe('no_write_access')
    expect(e.message).toMatch(/cannot use keys/)
  })

  it('a key that really does not exist stays "not found" (the guard does not over-claim)', async () => {
    const e = await failure(reader.rotate('nl-01', 'no-such-key'))
    expect(e.code).toBe('not_found_or_no_access')
    const e2 = await failure(admin.rotate('nl-01', 'no-such-key'))
    expect(e2.code).toBe('not_found_or_no_access')
  })
})
