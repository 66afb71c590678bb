import { mkdtemp, open, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeKms } from './fake-file-kms'
import type { RecipientRef } from '../../../../src-main/services/files'

export const KEY_A: RecipientRef = { region: 'nl-01', identity: 'kms-aaaaaaaaaaaaaaaaaaaa', slug: 'primary' }
export const KEY_B: RecipientRef = { region: 'nl-02', identity: 'kms-bbbbbbbbbbbbbbbbbbbb', slug: 'escrow' }

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tkms-files-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

export function kmsWith(...keys: RecipientRef[]): FakeKms {
  const k = new FakeKms()
  for (const r of keys) k.addKey(r)
  return k
}

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort()
}

/** Deterministic pseudo-random bytes (xorshift32), fast enough for tens of MiB. */
export function pattern(size: number, seed = 1): Buffer {
  const b = Buffer.allocUnsafe(size)
  let x = seed >>> 0 || 1
  for (let i = 0; i < size; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    b[i] = x & 0xff
  }
  return b
}

/** Flips one bit of the byte `back` bytes before the end of a file (a fixed byte may already be there). */
export async function flipBitFromEnd(path: string, back: number): Promise<void> {
  const h = await open(path, 'r+')
  try {
    const at = (await h.stat()).size - back
    const byte = Buffer.alloc(1)
    await h.read(byte, 0, 1, at)
    await h.write(Buffer.from([byte[0]! ^ 0x01]), 0, 1, at)
  } finally {
    await h.close()
  }
}
