import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto'
import { readSync, writevSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parentPort } from 'node:worker_threads'
import { chunkCount, chunkNonce, chunkPlainLength, TAG_BYTES } from '../file-format/chunk-layout'
import type { ChunkTask, TaskReply } from './worker-protocol'

/*
 * Crypto worker: reads a run of chunks at their offsets, seals or opens them, and writes the result
 * at its offset. One cipher object per chunk, fed in 64 KiB slices (Node's fastest update() size);
 * opened plaintext is written only after the chunk's tag verified.
 */
const SLICE = 64 * 1024
let readBuf = Buffer.alloc(0)

/*
 * Every update() returns a fresh Buffer outside the V8 heap (Node 20's Cipher has no "update into
 * this buffer" call, so reusing preallocated output buffers is not possible), and V8 only collects
 * on external memory pressure after tens of MiB per isolate. A minor GC after each task frees those
 * buffers at once, so the allocator hands the same warm pages back for the next task (peak memory
 * measured in docs/performance.md).
 */
const minorGc = ((): (() => void) => {
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('gc')
    if (typeof gc === 'function') return () => gc({ type: 'minor' })
  } catch {
    // Without it memory is still bounded, only higher.
  }
  return () => undefined
})()

class ChunkFailure extends Error {
  constructor(
    readonly code: 'integrity' | 'io',
    message: string,
    readonly chunk?: number
  ) {
    super(message)
  }
}

function readFull(fd: number, len: number, pos: number): Buffer {
  if (readBuf.length < len) readBuf = Buffer.allocUnsafe(Math.max(len, readBuf.length * 2))
  let off = 0
  while (off < len) {
    const n = readSync(fd, readBuf, off, len - off, pos + off)
    if (n === 0) throw new ChunkFailure('io', 'the input file ended early (was it changed while being read?)')
    off += n
  }
  return readBuf.subarray(0, len)
}

function seal(key: KeyObject, aad: Uint8Array, nonce: Buffer, pieces: Buffer[], out: Buffer[]): void {
  const c = createCipheriv('aes-256-gcm', key, nonce)
  c.setAAD(aad)
  for (const p of pieces) {
    for (let s = 0; s < p.length; s += SLICE) out.push(c.update(p.subarray(s, s + SLICE)))
  }
  const f = c.final()
  if (f.length > 0) out.push(f)
  out.push(c.getAuthTag())
}

function open(key: KeyObject, aad: Uint8Array, nonce: Buffer, sealed: Buffer, index: number): Buffer[] {
  const d = createDecipheriv('aes-256-gcm', key, nonce)
  d.setAAD(aad)
  const body = sealed.length - TAG_BYTES
  d.setAuthTag(sealed.subarray(body))
  const out: Buffer[] = []
  for (let s = 0; s < body; s += SLICE) out.push(d.update(sealed.subarray(s, Math.min(s + SLICE, body))))
  try {
    const f = d.final()
    if (f.length > 0) out.push(f)
  } catch {
    throw new ChunkFailure(
      'integrity',
      `chunk ${index} failed authentication (the file is damaged, truncated or was modified)`,
      index
    )
  }
  return out
}

function run(t: ChunkTask): number {
  const total = chunkCount(t.plainSize, t.chunkSize)
  const sealedIn = t.op !== 'encrypt'
  const sealedOut = t.op !== 'decrypt'
  const inStride = t.chunkSize + (sealedIn ? TAG_BYTES : 0)
  const outStride = t.chunkSize + (sealedOut ? TAG_BYTES : 0)
  let inLen = 0
  for (let i = t.first; i < t.first + t.count; i++)
    inLen += chunkPlainLength(i, t.plainSize, t.chunkSize) + (sealedIn ? TAG_BYTES : 0)
  const input = readFull(t.inFd, inLen, t.inBase + t.first * inStride)
  const key = createSecretKey(t.key)
  const outKey = t.outKey ? createSecretKey(t.outKey) : key
  const out: Buffer[] = []
  let plainBytes = 0
  let off = 0
  for (let i = t.first; i < t.first + t.count; i++) {
    const plen = chunkPlainLength(i, t.plainSize, t.chunkSize)
    const nonce = chunkNonce(i, i === total - 1)
    const clen = plen + (sealedIn ? TAG_BYTES : 0)
    const piece = input.subarray(off, off + clen)
    off += clen
    plainBytes += plen
    if (t.op === 'encrypt') seal(key, t.aad, nonce, [piece], out)
    else if (t.op === 'decrypt') out.push(...open(key, t.aad, nonce, piece, i))
    else seal(outKey, t.outAad ?? t.aad, nonce, open(key, t.aad, nonce, piece, i), out)
  }
  writeOut(t.outFd, out, t.outBase + t.first * outStride, sealedOut ? Infinity : PLAIN_WRITE_BYTES)
  return plainBytes
}

/*
 * Plaintext output (decrypt) lands at multiples of the chunk size, so a 1 MiB write is 1 MiB-aligned
 * and the kernel (ext4 with large folios, Linux 6.16+) puts it in one 1 MiB page-cache folio. Such
 * high-order allocations come from large free blocks, which on these VMs are the ones already handed
 * back to the hypervisor (free page reporting), so the first touch of every page faults on the host:
 * Smaller writes get smaller folios, mostly from recently freed memory; 128 KiB is what `cat`
 * writes (the write sizes are measured in docs/performance.md). Sealed output starts after the
 * header, at unaligned offsets that get small folios anyway, and keeps 1 MiB writes.
 */
const PLAIN_WRITE_BYTES = 128 * 1024
// writev takes at most IOV_MAX buffers at a time on some platforms.
const MAX_IOV = 512

function writeOut(fd: number, out: Buffer[], pos: number, maxBytes: number): void {
  let i = 0
  while (i < out.length) {
    const group: Buffer[] = [out[i] as Buffer]
    let want = (out[i] as Buffer).length
    for (i++; i < out.length && group.length < MAX_IOV && want + (out[i] as Buffer).length <= maxBytes; i++) {
      group.push(out[i] as Buffer)
      want += (out[i] as Buffer).length
    }
    let done = writevSync(fd, group, pos)
    if (done !== want) done += writeRest(fd, Buffer.concat(group).subarray(done), pos + done)
    pos += done
  }
}

function writeRest(fd: number, rest: Buffer, pos: number): number {
  let n = 0
  while (n < rest.length) n += writevSync(fd, [rest.subarray(n)], pos + n)
  return n
}

/*
 * The forced minor GC costs about 1 ms whatever was allocated: after every task of a batch of 4 KiB
 * files it was most of the worker's CPU. It runs once about a task's worth (1 MiB) of data has gone
 * through since the last one, so large files still collect after every task, small ones every few
 * hundred files.
 */
const GC_AFTER_BYTES = 1 << 20
let sinceGc = 0

parentPort?.on('message', (t: ChunkTask) => {
  let reply: TaskReply
  try {
    reply = { id: t.id, ok: true, plainBytes: run(t) }
    sinceGc += reply.plainBytes
  } catch (e) {
    if (e instanceof ChunkFailure) {
      reply = {
        id: t.id,
        ok: false,
        code: e.code,
        message: e.message,
        ...(e.chunk === undefined ? {} : { chunk: e.chunk })
      }
    } else {
      const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : ''
      reply = { id: t.id, ok: false, code: 'io', message: `read/write failed${code ? ` (${code})` : ''}` }
    }
  } finally {
    t.key.fill(0)
    t.outKey?.fill(0)
  }
  parentPort?.postMessage(reply)
  // A failed task counts as a full one: its buffers are unknown.
  if (!reply.ok) sinceGc = GC_AFTER_BYTES
  if (sinceGc >= GC_AFTER_BYTES) {
    sinceGc = 0
    minorGc()
  }
})
