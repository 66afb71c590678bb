/**
 * Geometry of the chunked body, shared by the main thread and the crypto worker (so it imports
 * nothing but types). Every chunk but the last carries exactly `chunkSize` plaintext bytes; the
 * last carries 1..chunkSize, or 0 only when the whole file is empty. Each chunk adds a 16-byte tag.
 */
export const TAG_BYTES = 16
export const NONCE_BYTES = 12

export function chunkCount(plainSize: number, chunkSize: number): number {
  return plainSize === 0 ? 1 : Math.ceil(plainSize / chunkSize)
}

export function chunkPlainLength(index: number, plainSize: number, chunkSize: number): number {
  const last = chunkCount(plainSize, chunkSize) - 1
  return index < last ? chunkSize : plainSize - last * chunkSize
}

export function cipherBodySize(plainSize: number, chunkSize: number): number {
  return plainSize + chunkCount(plainSize, chunkSize) * TAG_BYTES
}

/**
 * Inverse of cipherBodySize: the plaintext size a body of `bodySize` bytes must hold, or
 * undefined when no valid file has that body size (a cut inside a tag, or a trailing empty chunk).
 */
export function plainSizeOfBody(bodySize: number, chunkSize: number): number | undefined {
  const stride = chunkSize + TAG_BYTES
  if (bodySize < TAG_BYTES) return undefined
  const full = Math.floor(bodySize / stride)
  const rest = bodySize - full * stride
  if (rest === 0) return full * chunkSize
  if (rest < TAG_BYTES || (rest === TAG_BYTES && full > 0)) return undefined
  return full * chunkSize + rest - TAG_BYTES
}

/** STREAM nonce: 11-byte big-endian chunk counter ‖ 1 byte last-chunk flag (0x01 last, 0x00 not). */
export function chunkNonce(index: number, last: boolean): Buffer {
  const n = Buffer.alloc(NONCE_BYTES)
  // The counter never exceeds 2^53 here, so bytes 0..3 of its 11 stay zero.
  n.writeUIntBE(Math.floor(index / 2 ** 24), 4, 4)
  n.writeUIntBE(index % 2 ** 24, 8, 3)
  n[11] = last ? 1 : 0
  return n
}
