import { cipherBodySize, chunkCount, plainSizeOfBody, TAG_BYTES } from '../file-format/chunk-layout'
import { FileError, ioError, notThisFormat } from '../shared/file-errors'
import { headerLengthFromPrefix, MAGIC, parseHeader, PREFIX_BYTES, type ParsedHeader } from '../file-format/header'
import { openRegularFile, type InputFile } from './input-file'
import { openName, wipeKeys } from '../file-format/key-schedule'
import { unwrapAny, type Opened } from '../file-format/recipients'
import type { DataKeyWrapper } from '../file-format/types'

async function readAt(f: InputFile, len: number, pos: number, path: string): Promise<Buffer> {
  const b = Buffer.alloc(len)
  let off = 0
  while (off < len) {
    const { bytesRead } = await f.handle.read(b, off, len - off, pos + off).catch((e: unknown) => {
      throw ioError(e, path, 'read')
    })
    if (bytesRead === 0) break
    off += bytesRead
  }
  return b.subarray(0, off)
}

/** A first read this large holds the whole header of most files (two recipients take ~0.5 KiB). */
const FIRST_READ = 4096

/** Reads and parses the header of an open file; does not contact the KMS. */
export async function readParsedHeader(f: InputFile, path: string): Promise<ParsedHeader> {
  const prefix = await readAt(f, Math.max(PREFIX_BYTES, Math.min(f.size, FIRST_READ)), 0, path)
  if (prefix.length < PREFIX_BYTES) {
    const n = Math.min(prefix.length, MAGIC.length)
    if (n === 0 || !prefix.subarray(0, n).equals(MAGIC.subarray(0, n))) throw notThisFormat(path)
    throw new FileError('integrity', `${path} is truncated inside its header`)
  }
  const length = headerLengthFromPrefix(prefix, path)
  // One read for most files; a second only for headers longer than the first read.
  const whole = length <= prefix.length ? prefix.subarray(0, length) : await readAt(f, length, 0, path)
  if (whole.length < length) throw new FileError('integrity', `${path} is truncated inside its header`)
  return parseHeader(whole, path)
}

export interface EncryptedSource extends Opened {
  file: InputFile
  header: ParsedHeader
  plainSize: number
  name?: string
}

/**
 * Opens an encrypted file for reading: header parsed, data key unwrapped and committed (header
 * MAC), body size consistent with the header. The caller closes `file` and wipes `keys`.
 */
export async function openEncrypted(path: string, w: DataKeyWrapper, signal?: AbortSignal): Promise<EncryptedSource> {
  const file = await openRegularFile(path)
  let opened: Opened | undefined
  try {
    const header = await readParsedHeader(file, path)
    opened = await unwrapAny(header, w, path, signal)
    const { chunkSize, plaintextSize, sealedName } = header.fields
    const body = file.size - header.length
    const plainSize = plainSizeOfBody(body, chunkSize)
    if (plainSize === undefined || (plaintextSize !== undefined && plainSize !== plaintextSize)) {
      throw bodyMismatch(path, body, chunkSize, plaintextSize)
    }
    let name: string | undefined
    if (sealedName) {
      name = openName(opened.keys.name, sealedName)
      if (name === undefined) throw new FileError('integrity', `${path}: the stored file name failed authentication`)
    }
    return { file, header, plainSize, ...opened, ...(name === undefined ? {} : { name }) }
  } catch (e) {
    if (opened) wipeKeys(opened.keys)
    await file.handle.close()
    throw e
  }
}

function bodyMismatch(path: string, body: number, chunkSize: number, expectedPlain: number | undefined): FileError {
  if (expectedPlain === undefined) {
    return new FileError(
      'integrity',
      `${path} is truncated or has extra bytes (its body length fits no whole number of chunks)`
    )
  }
  const want = cipherBodySize(expectedPlain, chunkSize)
  if (body > want) return new FileError('integrity', `${path} has ${body - want} unexpected bytes after its last chunk`)
  const stride = chunkSize + TAG_BYTES
  const missing = Math.max(0, Math.floor(body / stride))
  return new FileError(
    'integrity',
    `${path} is truncated: chunk ${missing} (counting from 0, of ${chunkCount(expectedPlain, chunkSize)}) is incomplete or missing`,
    { chunk: missing }
  )
}
