import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  closeSharedPool,
  decryptFile,
  encryptFile,
  readHeader,
  type FileProgress
} from '../../../../../src-main/services/files'
import { KEY_A, kmsWith, listDir, pattern, tempDir } from '../file-helpers'

const CHUNK = 1024
let dir = ''
let cleanup: () => Promise<void> = async () => undefined
const kms = kmsWith(KEY_A)

beforeAll(async () => ({ dir, cleanup } = await tempDir()))
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

async function roundTrip(size: number, chunkSize?: number): Promise<void> {
  const plain = pattern(size, size + 7)
  const input = join(dir, `p-${size}.bin`)
  await writeFile(input, plain)
  const enc = `${input}.tkms`
  const progress: FileProgress[] = []
  const r = await encryptFile({
    input,
    output: enc,
    recipients: [KEY_A],
    wrapper: kms,
    chunkSize,
    onProgress: (p) => progress.push(p)
  })
  expect(r).toEqual({ output: enc, bytes: size })
  expect(progress.at(-1)).toEqual({ bytesDone: size, bytesTotal: size })
  const ct = await readFile(enc)
  if (size > 64) expect(ct.includes(plain.subarray(0, 64))).toBe(false)
  const out = join(dir, `d-${size}.bin`)
  const d = await decryptFile({ input: enc, output: out, wrapper: kms })
  expect(d.bytes).toBe(size)
  expect(d.recipient).toEqual(KEY_A)
  expect((await readFile(out)).equals(plain)).toBe(true)
  expect((await stat(out)).mode & 0o777).toBe(0o600)
}

describe('encrypt → decrypt round trips', () => {
  for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17, 8 * CHUNK]) {
    it(`${size} bytes with ${CHUNK}-byte chunks`, () => roundTrip(size, CHUNK))
  }

  it('50 MiB with the default chunk size', () => roundTrip(50 << 20))

  // 2500 chunks of 16 bytes in one worker task: more output pieces than one writev may take.
  it('40 000 bytes with the minimum 16-byte chunks', () => roundTrip(40_000, 16))

  it('leaves no temporary files behind', async () => {
    expect((await listDir(dir)).filter((n) => n.includes('tkms-tmp'))).toEqual([])
  })

  it('restores the stored name by default, and uses input-minus-extension otherwise', async () => {
    const input = join(dir, 'report.pdf')
    await writeFile(input, 'quarterly numbers')
    const sub = join(dir, 'named.tkms')
    await encryptFile({ input, output: sub, recipients: [KEY_A], wrapper: kms, storeName: true })
    expect((await readHeader(sub)).hasName).toBe(true)
    const outDir = join(dir, 'restore')
    await import('node:fs/promises').then((f) => f.mkdir(outDir))
    const d = await decryptFile({ input: sub, outputDir: outDir, wrapper: kms })
    expect(d.output).toBe(join(outDir, 'report.pdf'))
    expect(await readFile(d.output, 'utf8')).toBe('quarterly numbers')

    const plainName = join(dir, 'unnamed.tkms')
    await encryptFile({ input, output: plainName, recipients: [KEY_A], wrapper: kms })
    expect((await readHeader(plainName)).hasName).toBe(false)
    const d2 = await decryptFile({ input: plainName, wrapper: kms })
    expect(d2.output).toBe(join(dir, 'unnamed'))
  })

  it('readHeader reports recipients, chunk size and size without the KMS', async () => {
    const input = join(dir, 'h.bin')
    await writeFile(input, pattern(3000))
    await encryptFile({ input, output: `${input}.tkms`, recipients: [KEY_A], wrapper: kms, chunkSize: 512 })
    const calls = kms.unwraps
    expect(await readHeader(`${input}.tkms`)).toEqual({
      formatVersion: 1,
      recipients: [KEY_A],
      chunkSize: 512,
      plaintextSize: 3000,
      hasName: false
    })
    expect(kms.unwraps).toBe(calls)
  })
})
