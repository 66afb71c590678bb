import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  closeSharedPool,
  decryptFile,
  encryptFile,
  FileError,
  readHeader,
  reencryptFile,
  type RecipientRef
} from '../../../../../src-main/services/files'
import { KEY_A, KEY_B, kmsWith, listDir, pattern, tempDir } from '../file-helpers'

const RSA_KEY: RecipientRef = { region: 'nl-01', identity: 'kms-rsarsarsarsarsarsars', slug: 'rsa-escrow' }
let dir = ''
let cleanup: () => Promise<void> = async () => undefined
const plain = pattern(3 * 4096 + 5, 99)

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  await writeFile(join(dir, 'plain.bin'), plain)
})
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

async function decryptsTo(
  input: string,
  wrapper: Parameters<typeof decryptFile>[0]['wrapper'],
  name: string
): Promise<RecipientRef> {
  const r = await decryptFile({ input, output: join(dir, name), wrapper })
  expect((await readFile(join(dir, name))).equals(plain)).toBe(true)
  return r.recipient
}

async function refusal(p: Promise<unknown>): Promise<FileError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x
  )
  expect(e).toBeInstanceOf(FileError)
  return e as FileError
}

describe('recipients', () => {
  it('opens with either key; with one refused the other still opens', async () => {
    const kms = kmsWith(KEY_A, KEY_B)
    const enc = join(dir, 'two.tkms')
    await encryptFile({
      input: join(dir, 'plain.bin'),
      output: enc,
      recipients: [KEY_A, KEY_B],
      wrapper: kms,
      chunkSize: 4096
    })
    expect(kms.wraps).toBe(2)
    expect(await decryptsTo(enc, kms, 'two-a.bin')).toEqual(KEY_A)
    kms.refuse(KEY_A, 'key_not_usable')
    expect(await decryptsTo(enc, kms, 'two-b.bin')).toEqual(KEY_B)
    kms.refuse(KEY_A, undefined)
    kms.refuse(KEY_B, 'not_found_or_no_access')
    expect(await decryptsTo(enc, kms, 'two-a2.bin')).toEqual(KEY_A)
  })

  it('reports the KMS reason when no key can open the file, and writes nothing', async () => {
    const kms = kmsWith(KEY_A)
    const enc = join(dir, 'one.tkms')
    await encryptFile({ input: join(dir, 'plain.bin'), output: enc, recipients: [KEY_A], wrapper: kms })
    kms.refuse(KEY_A, 'key_not_usable')
    const e = await refusal(decryptFile({ input: enc, output: join(dir, 'never.bin'), wrapper: kms }))
    expect(e.code).toBe('key_not_usable')
    expect(e.message).toContain('nl-01/primary')
    const other = kmsWith(KEY_B)
    const e2 = await refusal(decryptFile({ input: enc, output: join(dir, 'never.bin'), wrapper: other }))
    expect(e2.code).toBe('not_found_or_no_access')
    expect(await listDir(dir)).not.toContain('never.bin')
  })

  it('does not write a file when a recipient refuses to wrap', async () => {
    const kms = kmsWith(KEY_A)
    const e = await refusal(
      encryptFile({
        input: join(dir, 'plain.bin'),
        output: join(dir, 'x.tkms'),
        recipients: [KEY_A, KEY_B],
        wrapper: kms
      })
    )
    expect(e.code).toBe('not_found_or_no_access')
    expect((await listDir(dir)).filter((n) => n.startsWith('x.tkms') || n.includes('tkms-tmp'))).toEqual([])
  })

  it('works with an RSA recipient', async () => {
    const kms = kmsWith(KEY_A)
    kms.addKey(RSA_KEY, 'rsa')
    const enc = join(dir, 'rsa.tkms')
    await encryptFile({ input: join(dir, 'plain.bin'), output: enc, recipients: [RSA_KEY, KEY_A], wrapper: kms })
    kms.refuse(KEY_A, 'key_not_usable')
    expect(await decryptsTo(enc, kms, 'rsa.bin')).toEqual(RSA_KEY)
  })

  it('a file encrypted before a key rotation decrypts after it', async () => {
    const kms = kmsWith(KEY_A)
    const enc = join(dir, 'rot.tkms')
    await encryptFile({ input: join(dir, 'plain.bin'), output: enc, recipients: [KEY_A], wrapper: kms })
    kms.rotate(KEY_A)
    kms.rotate(KEY_A)
    await decryptsTo(enc, kms, 'rot.bin')
  })

  it('re-encrypts to the latest key version and to new recipients without the old key', async () => {
    const kms = kmsWith(KEY_A, KEY_B)
    const enc = join(dir, 're.tkms')
    await encryptFile({
      input: join(dir, 'plain.bin'),
      output: enc,
      recipients: [KEY_A],
      wrapper: kms,
      chunkSize: 1000,
      storeName: true
    })
    const raw = await readFile(enc)
    kms.rotate(KEY_A)
    await reencryptFile({ input: enc, output: join(dir, 're-same.tkms'), wrapper: kms })
    const same = await readFile(join(dir, 're-same.tkms'))
    expect(same.includes(Buffer.from('thalassa:v2:'))).toBe(true)
    expect(same.equals(raw)).toBe(false)
    expect((await readHeader(join(dir, 're-same.tkms'))).chunkSize).toBe(1000)
    await decryptsTo(join(dir, 're-same.tkms'), kms, 're-same.bin')

    await reencryptFile({ input: enc, output: join(dir, 're-b.tkms'), recipients: [KEY_B], wrapper: kms })
    expect((await readHeader(join(dir, 're-b.tkms'))).recipients).toEqual([KEY_B])
    kms.refuse(KEY_A, 'not_found_or_no_access')
    expect(await decryptsTo(join(dir, 're-b.tkms'), kms, 're-b.bin')).toEqual(KEY_B)
    expect((await listDir(dir)).filter((n) => n.includes('tkms-tmp'))).toEqual([])
  })

  it('refuses an empty or duplicated recipient list', async () => {
    const kms = kmsWith(KEY_A)
    const input = join(dir, 'plain.bin')
    expect(
      (await refusal(encryptFile({ input, output: join(dir, 'n.tkms'), recipients: [], wrapper: kms }))).code
    ).toBe('bad_input')
    expect(
      (await refusal(encryptFile({ input, output: join(dir, 'n.tkms'), recipients: [KEY_A, KEY_A], wrapper: kms })))
        .code
    ).toBe('bad_input')
  })
})
