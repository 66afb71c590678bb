import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../../../../src-main/sandbox'
import { KmsClient } from '../../../../../src-main/services/kms/client'
import { patAuth } from '../../../../../src-main/services/profiles/auth'
import { decryptFile, encryptFile, kmsDataKeyWrapper, type RecipientRef } from '../../../../../src-main/services/files'

let dir: string
let sandbox: SandboxHandle
let client: KmsClient
const ref = (k: { identity: string; slug: string }, region = 'nl-01'): RecipientRef => ({
  region,
  identity: k.identity,
  slug: k.slug
})

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-files-kms-'))
  sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0 })
  client = new KmsClient({
    endpoint: sandbox.url,
    organisation: SANDBOX_CREDENTIALS.organisation,
    auth: patAuth(SANDBOX_CREDENTIALS.adminPat)
  })
})
afterAll(async () => {
  await client.close()
  await sandbox.close()
  await rm(dir, { recursive: true, force: true })
})

describe('file envelope over the real sandbox KMS', () => {
  it('encrypts to an AES key in nl-01 and an RSA escrow key in nl-02; either opens it, also after rotation', async () => {
    const aes = await client.createKey('nl-01', { name: 'files-primary', keyType: 'aes256-gcm96' })
    const rsa = await client.createKey('nl-02', { name: 'files-escrow', keyType: 'rsa-2048' })
    const wrapper = kmsDataKeyWrapper(async () => client)
    const input = join(dir, 'report.pdf')
    const data = randomBytes(3 * 1024 * 1024 + 17)
    await writeFile(input, data)
    await encryptFile({
      input,
      output: join(dir, 'report.pdf.tkms'),
      recipients: [ref(aes), ref(rsa, 'nl-02')],
      wrapper
    })
    await client.rotate('nl-01', aes.identity)
    const first = await decryptFile({ input: join(dir, 'report.pdf.tkms'), output: join(dir, 'a.pdf'), wrapper })
    expect(first.recipient.identity).toBe(aes.identity)
    expect((await readFile(join(dir, 'a.pdf'))).equals(data)).toBe(true)
    await client.disable('nl-01', aes.identity)
    const second = await decryptFile({ input: join(dir, 'report.pdf.tkms'), output: join(dir, 'b.pdf'), wrapper })
    expect(second.recipient.identity).toBe(rsa.identity)
    expect((await readFile(join(dir, 'b.pdf'))).equals(data)).toBe(true)
  })

  it('refuses with the KMS error when no recipient is usable, leaving no output', async () => {
    const aes = await client.createKey('nl-01', { name: 'files-only', keyType: 'aes128-gcm96' })
    const wrapper = kmsDataKeyWrapper(async () => client)
    const input = join(dir, 'note.txt')
    await writeFile(input, 'hello')
    await encryptFile({ input, output: join(dir, 'note.txt.tkms'), recipients: [ref(aes)], wrapper })
    await client.disable('nl-01', aes.identity)
    await expect(
      decryptFile({ input: join(dir, 'note.txt.tkms'), output: join(dir, 'note.out'), wrapper })
    ).rejects.toMatchObject({ code: 'key_not_usable' })
    await expect(readFile(join(dir, 'note.out'))).rejects.toThrow()
  })
})
