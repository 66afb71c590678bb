import { mkdtemp, open, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chunkCount, chunkNonce } from '../../../../../src-main/services/file-format/chunk-layout'
import { deriveKeys } from '../../../../../src-main/services/file-format/key-schedule'
import { runChunks } from '../../../../../src-main/services/files/run-chunks'
import { sealHeader } from '../../../../../src-main/services/file-format/seal-header'
import type { WrappedRecipient } from '../../../../../src-main/services/files'

export interface VectorSpec {
  dataKey: Buffer
  salt: Buffer
  chunkSize: number
  plaintext: Buffer
  name?: string
  recipient: WrappedRecipient
}

/** Builds a test-vector file with the engine's own header and chunk code (fixed key and salt). */
export async function buildVector(s: VectorSpec): Promise<Record<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'tkms-vec-'))
  try {
    const input = join(dir, 'in')
    const output = join(dir, 'out')
    const inH = await open(input, 'w+')
    await inH.write(s.plaintext, 0, s.plaintext.length, 0)
    const header = sealHeader({
      dataKey: s.dataKey,
      salt: s.salt,
      recipients: [s.recipient],
      chunkSize: s.chunkSize,
      plaintextSize: s.plaintext.length,
      ...(s.name === undefined ? {} : { name: s.name })
    })
    const outH = await open(output, 'w+')
    await outH.write(header.bytes, 0, header.bytes.length, 0)
    await runChunks({
      op: 'encrypt',
      inFd: inH.fd,
      outFd: outH.fd,
      key: header.keys.payload,
      aad: header.hash,
      chunkSize: s.chunkSize,
      plainSize: s.plaintext.length,
      inBase: 0,
      outBase: header.bytes.length
    })
    await inH.close()
    await outH.close()
    const file = await readFile(output)
    const keys = deriveKeys(s.dataKey, s.salt)
    const v: Record<string, string> = {
      'data key': s.dataKey.toString('hex'),
      salt: s.salt.toString('hex'),
      'chunk size': String(s.chunkSize),
      plaintext: s.plaintext.toString('hex'),
      'payload key': keys.payload.toString('hex'),
      'header-mac key': keys.headerMac.toString('hex'),
      'name key': keys.name.toString('hex'),
      header: header.bytes.subarray(0, header.bytes.length - 32).toString('hex'),
      'header mac': header.bytes.subarray(header.bytes.length - 32).toString('hex')
    }
    v['header hash'] = header.hash.toString('hex')
    const n = chunkCount(s.plaintext.length, s.chunkSize)
    let pos = header.bytes.length
    for (let i = 0; i < n; i++) {
      const len = Math.min(s.chunkSize, s.plaintext.length - i * s.chunkSize) + 16
      v[`chunk ${i} nonce`] = chunkNonce(i, i === n - 1).toString('hex')
      v[`chunk ${i}`] = file.subarray(pos, pos + len).toString('hex')
      pos += len
    }
    v.file = file.toString('hex')
    return v
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const seq = (from: number, n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (from + i) & 0xff))

export const VECTORS: Record<string, VectorSpec> = {
  'vector-1': {
    dataKey: seq(0x00, 32),
    salt: seq(0x20, 32),
    chunkSize: 16,
    plaintext: Buffer.from('Thalassa KMS file format v1 test vector!'),
    name: 'vector.txt',
    recipient: {
      region: 'nl-01',
      identity: 'kms-vectorvectorvector1',
      slug: 'vector-key',
      ciphertext: 'thalassa:v1:AAECAwQFBgcICQoLDA0ODw=='
    }
  },
  'vector-2': {
    dataKey: seq(0x40, 32),
    salt: seq(0x60, 32),
    chunkSize: 16,
    plaintext: Buffer.alloc(0),
    recipient: { region: 'nl-02', identity: 'kms-emptyemptyemptyemp', slug: '', ciphertext: 'thalassa:v3:ZW1wdHk=' }
  }
}
