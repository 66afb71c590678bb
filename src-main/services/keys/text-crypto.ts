import { MAX_PAYLOAD_BYTES } from '@contract/key-matrix'
import type { Encoding } from '@contract/schemas/crypto'
import { AppFailure } from '../kms/errors'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Text as the user typed it (UTF-8) or pasted it (base64) → the KMS's base64 payload, size-checked. */
export function toPayload(text: string, encoding: Encoding, field = 'input'): string {
  let bytes: Buffer
  if (encoding === 'base64') {
    const compact = text.replace(/\s+/g, '')
    if (!BASE64.test(compact) || compact.length % 4 !== 0) {
      throw new AppFailure({
        code: 'bad_input',
        field,
        message: 'The input is not valid base64.',
        hint: 'Paste standard base64 (A–Z, a–z, 0–9, +, /, = padding) or switch the input to UTF-8 text.'
      })
    }
    bytes = Buffer.from(compact, 'base64')
  } else {
    bytes = Buffer.from(text, 'utf8')
  }
  if (bytes.length < 1 || bytes.length > MAX_PAYLOAD_BYTES) {
    throw new AppFailure({
      code: 'bad_input',
      field,
      message: `The input is ${bytes.length} bytes; the KMS accepts 1 to ${MAX_PAYLOAD_BYTES} bytes.`,
      hint:
        bytes.length === 0
          ? 'Enter something to process.'
          : 'For larger data use the Files screen, which encrypts files of any size.'
    })
  }
  return bytes.toString('base64')
}

/** Decrypted bytes → UTF-8 text when they decode cleanly, else base64 so nothing is mangled. */
export function fromPayload(base64: string): { text: string; encoding: Encoding; bytes: number } {
  const bytes = Buffer.from(base64, 'base64')
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // Control characters other than whitespace mean binary data: show it as base64 instead.
    if (!/[\u0000-\u0008\u000e-\u001f\u007f]/.test(text)) return { text, encoding: 'utf8', bytes: bytes.length }
  } catch {
    // not UTF-8
  }
  return { text: base64, encoding: 'base64', bytes: bytes.length }
}
