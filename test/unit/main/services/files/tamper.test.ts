import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeSharedPool, decryptFile, encryptFile, FileError } from '../../../../../src-main/services/files'
import { encodeAuthenticated, parseHeader } from '../../../../../src-main/services/file-format/header'
import { KEY_A, KEY_B, kmsWith, listDir, pattern, tempDir } from '../file-helpers'

/*
 * Every modification of an encrypted file must be refused, with nothing at the output path and no
 * temp file left. A small file (5 chunks of 64 bytes, two recipients, a stored name) keeps
 * thousands of attempts fast.
 */
const CHUNK = 64
const STRIDE = CHUNK + 16
const kms = kmsWith(KEY_A, KEY_B)
let dir = ''
let cleanup: () => Promise<void> = async () => undefined
let pristine = Buffer.alloc(0)
let headerLen = 0
let baseline: string[] = []

beforeAll(async () => {
  ;({ dir, cleanup } = await tempDir())
  const input = join(dir, 'plain.bin')
  await writeFile(input, pattern(4 * CHUNK + 20))
  await encryptFile({
    input,
    output: join(dir, 'good.tkms'),
    recipients: [KEY_A, KEY_B],
    wrapper: kms,
    chunkSize: CHUNK,
    storeName: true
  })
  pristine = await readFile(join(dir, 'good.tkms'))
  headerLen = parseHeader(pristine.subarray(0, pristine.length - (4 * STRIDE + 36)), 'x').length
  await decryptFile({ input: join(dir, 'good.tkms'), output: join(dir, 'sanity.bin'), wrapper: kms })
  baseline = await listDir(dir)
})
afterAll(async () => {
  await closeSharedPool()
  await cleanup()
})

const bad = (): string => join(dir, 'bad.tkms')
const out = (): string => join(dir, 'out.bin')

async function expectRefused(bytes: Buffer): Promise<FileError> {
  await writeFile(bad(), bytes)
  let caught: unknown
  try {
    await decryptFile({ input: bad(), output: out(), wrapper: kms })
  } catch (e) {
    caught = e
  }
  expect(caught, 'modified file was accepted').toBeInstanceOf(FileError)
  const names = await listDir(dir)
  expect(names).toEqual([...baseline, 'bad.tkms'].sort())
  return caught as FileError
}

describe('tamper detection', () => {
  it('has the expected shape (header then 5 chunks)', () => {
    expect(pristine.length).toBe(headerLen + 4 * STRIDE + 20 + 16)
  })

  it('refuses 2500 random single-bit flips across header and body', async () => {
    let seed = 12345
    const codes = new Set<string>()
    for (let n = 0; n < 2500; n++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      const bit = seed % (pristine.length * 8)
      const b = Buffer.from(pristine)
      b[bit >> 3] = (b[bit >> 3] as number) ^ (1 << (bit & 7))
      codes.add((await expectRefused(b)).code)
    }
    expect(codes.has('integrity')).toBe(true)
  }, 120_000)

  it('refuses truncation at and between every chunk boundary', async () => {
    const cuts = new Set<number>()
    for (let i = 0; i <= 5; i++) {
      const boundary = headerLen + i * STRIDE
      for (const d of [-17, -16, -1, 0, 1, 15, 16, 40]) cuts.add(boundary + d)
    }
    for (let len = 0; len < headerLen; len += 7) cuts.add(len)
    for (const len of [...cuts].filter((l) => l >= 0 && l < pristine.length)) {
      const e = await expectRefused(pristine.subarray(0, len))
      if (len >= headerLen) expect(e.code).toBe('integrity')
    }
  }, 60_000)

  it('names the missing chunk when the file ends at a chunk boundary', async () => {
    const e = await expectRefused(pristine.subarray(0, headerLen + 2 * STRIDE))
    expect(e.chunk).toBe(2)
    expect(e.message).toMatch(/truncated/)
  })

  it('refuses swapped, duplicated and dropped chunks', async () => {
    const h = pristine.subarray(0, headerLen)
    const c = (i: number): Buffer => pristine.subarray(headerLen + i * STRIDE, headerLen + (i + 1) * STRIDE)
    const last = pristine.subarray(headerLen + 4 * STRIDE)
    const swapped = await expectRefused(Buffer.concat([h, c(1), c(0), c(2), c(3), last]))
    expect(swapped.chunk).toBe(0)
    await expectRefused(Buffer.concat([h, c(0), c(0), c(2), c(3), last]))
    await expectRefused(Buffer.concat([h, c(0), c(1), c(1), c(2), c(3), last]))
    // Dropping a middle chunk and moving the last one up: the flag check catches the position.
    await expectRefused(Buffer.concat([h, c(0), c(1), c(2), last]))
  })

  it('refuses appended bytes (one, a tag, a whole chunk)', async () => {
    for (const extra of [Buffer.alloc(1), Buffer.alloc(16), pristine.subarray(headerLen, headerLen + STRIDE)]) {
      const e = await expectRefused(Buffer.concat([pristine, extra]))
      expect(e.code).toBe('integrity')
    }
  })

  it('refuses header field edits even when the header still parses', async () => {
    const body = pristine.subarray(headerLen)
    const p = parseHeader(pristine.subarray(0, headerLen), 'x')
    const f = p.fields
    const edits = [
      { ...f, chunkSize: 80 },
      { ...f, plaintextSize: 4 * CHUNK + 21 },
      { ...f, salt: Buffer.alloc(32, 1) },
      { ...f, recipients: [...f.recipients].reverse() },
      { ...f, recipients: f.recipients.map((r) => ({ ...r, slug: 'renamed' })) },
      { ...f, recipients: [f.recipients[0] as (typeof f.recipients)[0]] },
      { ...f, sealedName: undefined }
    ]
    for (const e of edits) {
      const err = await expectRefused(Buffer.concat([encodeAuthenticated(e), p.mac, body]))
      expect(err.code).toBe('integrity')
    }
  })

  it('says clearly when a file is not of this format, or of an unknown version', async () => {
    const e1 = await expectRefused(Buffer.from('just some text, not encrypted\n'))
    expect([e1.code, e1.message]).toEqual(['bad_input', expect.stringMatching(/not a Thalassa KMS encrypted file/)])
    const e2 = await expectRefused(Buffer.alloc(0))
    expect(e2.code).toBe('bad_input')
    const v2 = Buffer.from(pristine)
    v2[8] = 2
    const e3 = await expectRefused(v2)
    expect(e3.message).toMatch(/format version 2/)
  })
})
