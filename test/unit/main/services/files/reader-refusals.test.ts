import { randomBytes } from 'node:crypto'
import { open, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  closeSharedPool,
  decryptFile,
  encryptFile,
  FileError,
  type RecipientRef
} from '../../../../../src-main/services/files'
import { encodeAuthenticated, headerHash } from '../../../../../src-main/services/file-format/header'
import { deriveKeys, headerMac } from '../../../../../src-main/services/file-format/key-schedule'
import { runChunks } from '../../../../../src-main/services/files/run-chunks'
import { FakeKms } from '../fake-file-kms'
import { KEY_A, KEY_B, kmsWith, listDir, pattern, tempDir } from '../file-helpers'

/*
 * docs/file-format.md §4.2: what a reader refuses and how. The first recipient whose KMS call
 * succeeds decides; a data key that does not verify the header MAC refuses the file at once.
 */

/** A KMS whose decrypt for one key returns a different (valid-looking) 32-byte data key. */
class LyingKms extends FakeKms {
  constructor(private readonly liar: RecipientRef) {
    super()
  }
  override async unwrap(r: RecipientRef, ciphertext: string): Promise<Uint8Array> {
    const real = await super.unwrap(r, ciphertext)
    return FakeKms.id(r) === FakeKms.id(this.liar) ? randomBytes(real.length) : real
  }
}

let dir = ''
let cleanup: () => Promise<void> = async () => undefined
const plain = pattern(300)
beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  await writeFile(join(dir, 'plain.bin'), plain)
})
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

async function refusal(input: string, kms: FakeKms): Promise<FileError> {
  const before = await listDir(dir)
  const e = await decryptFile({ input, output: join(dir, 'out.bin'), wrapper: kms }).catch((x: unknown) => x)
  expect(e, 'the file was opened').toBeInstanceOf(FileError)
  expect(await listDir(dir)).toEqual(before)
  return e as FileError
}

async function twoRecipientFile(kms: FakeKms, name: string): Promise<string> {
  const output = join(dir, name)
  await encryptFile({ input: join(dir, 'plain.bin'), output, recipients: [KEY_A, KEY_B], wrapper: kms, chunkSize: 64 })
  return output
}

describe('a recipient whose data key does not verify', () => {
  it('refuses the file instead of trying the next recipient (which would have opened it)', async () => {
    const kms = new LyingKms(KEY_A)
    kms.addKey(KEY_A)
    kms.addKey(KEY_B)
    const file = await twoRecipientFile(kms, 'lying.tkms')
    kms.unwraps = 0
    const e = await refusal(file, kms)
    expect(e.code).toBe('integrity')
    expect(e.message).toBe(
      `${file}: header authentication failed with the data key of recipient nl-01/primary (the header was modified, or the file is damaged)`
    )
    expect(kms.unwraps, 'the second recipient was asked').toBe(1)
  })

  it('refuses a header tampered in the second recipient after asking only the first', async () => {
    const kms = kmsWith(KEY_A, KEY_B)
    const good = await twoRecipientFile(kms, 'tamper-src.tkms')
    const bytes = await readFile(good)
    const at = bytes.indexOf(Buffer.from('escrow'))
    expect(at).toBeGreaterThan(0)
    bytes[at + 5] = 'x'.charCodeAt(0)
    const bad = join(dir, 'tampered.tkms')
    await writeFile(bad, bytes)
    kms.unwraps = 0
    const e = await refusal(bad, kms)
    expect(e.code).toBe('integrity')
    expect(e.message).toContain('header authentication failed')
    expect(kms.unwraps).toBe(1)
  })

  it('still skips a recipient whose KMS call fails and opens the file with the next one', async () => {
    const kms = kmsWith(KEY_A, KEY_B)
    const file = await twoRecipientFile(kms, 'skip.tkms')
    kms.refuse(KEY_A, 'not_found_or_no_access')
    const r = await decryptFile({ input: file, output: join(dir, 'skip.out'), wrapper: kms })
    expect(r.recipient.identity).toBe(KEY_B.identity)
    expect(await readFile(r.output)).toEqual(plain)
  })
})

/** A file written without `plaintext_size` (flag bit 0 clear), as another writer may produce. */
async function fileWithoutSize(kms: FakeKms, name: string, data: Buffer, chunkSize: number): Promise<string> {
  const dataKey = randomBytes(32)
  const salt = randomBytes(32)
  const keys = deriveKeys(dataKey, salt)
  const authenticated = encodeAuthenticated({
    chunkSize,
    salt,
    recipients: [{ ...KEY_A, ciphertext: await kms.wrap(KEY_A, dataKey) }]
  })
  const mac = headerMac(keys.headerMac, authenticated)
  const header = Buffer.concat([authenticated, mac])
  const input = join(dir, `${name}.plain`)
  await writeFile(input, data)
  const output = join(dir, name)
  const inH = await open(input, 'r')
  const outH = await open(output, 'w+')
  await outH.write(header, 0, header.length, 0)
  await runChunks({
    op: 'encrypt',
    inFd: inH.fd,
    outFd: outH.fd,
    key: keys.payload,
    aad: headerHash(authenticated, mac),
    chunkSize,
    plainSize: data.length,
    inBase: 0,
    outBase: header.length
  })
  await inH.close()
  await outH.close()
  return output
}

describe('a file without plaintext_size', () => {
  it('opens, its size derived from the body length', async () => {
    const kms = kmsWith(KEY_A)
    for (const size of [0, 1, 64, 65, 200]) {
      const data = pattern(size, size + 3)
      const file = await fileWithoutSize(kms, `nosize-${size}.tkms`, data, 64)
      const r = await decryptFile({ input: file, output: join(dir, `nosize-${size}.out`), wrapper: kms })
      expect(await readFile(r.output)).toEqual(data)
    }
  })

  it('is refused when its body length fits no chunk layout, or a whole last chunk was cut', async () => {
    const kms = kmsWith(KEY_A)
    const file = await fileWithoutSize(kms, 'nosize-cut.tkms', pattern(200), 64)
    const bytes = await readFile(file)
    await writeFile(join(dir, 'nosize-odd.tkms'), bytes.subarray(0, bytes.length - 5))
    expect((await refusal(join(dir, 'nosize-odd.tkms'), kms)).code).toBe('integrity')
    // 200 bytes = 3 whole chunks + 8: dropping the last chunk (8 + 16 bytes) leaves a valid-looking body.
    await writeFile(join(dir, 'nosize-short.tkms'), bytes.subarray(0, bytes.length - 24))
    expect((await refusal(join(dir, 'nosize-short.tkms'), kms)).code).toBe('integrity')
  })
})

async function withPrefixByte(kms: FakeKms, name: string, offset: number, value: number): Promise<string> {
  const good = join(dir, `${name}.src`)
  await encryptFile({ input: join(dir, 'plain.bin'), output: good, recipients: [KEY_A], wrapper: kms })
  const bytes = await readFile(good)
  bytes[offset] = value
  const out = join(dir, name)
  await writeFile(out, bytes)
  return out
}

describe('prefix refusals (exact messages of docs/file-format.md §4.2)', () => {
  it('refuses a wrong magic, version or suite as bad_input, before any KMS call', async () => {
    const kms = kmsWith(KEY_A)
    const magic = await withPrefixByte(kms, 'magic.tkms', 1, 0x55)
    const version = await withPrefixByte(kms, 'version.tkms', 8, 2)
    const suite = await withPrefixByte(kms, 'suite.tkms', 9, 7)
    kms.unwraps = 0
    expect(await refusal(magic, kms)).toMatchObject({
      code: 'bad_input',
      message: `${magic} is not a Thalassa KMS encrypted file (unknown magic bytes)`
    })
    expect(await refusal(version, kms)).toMatchObject({
      code: 'bad_input',
      message: `${version} uses file format version 2, which this app does not read (it reads version 1)`
    })
    expect(await refusal(suite, kms)).toMatchObject({
      code: 'bad_input',
      message: `${suite} uses cipher suite 7, which this app does not read (it reads suite 1)`
    })
    expect(kms.unwraps).toBe(0)
  })
})
