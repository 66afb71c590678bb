/**
 * Messages between the engine and its crypto workers. Workers do their own positional reads and
 * writes on file descriptors the engine opened (descriptors are process-wide), so no file data
 * crosses threads: only these small messages.
 */
type ChunkOp = 'encrypt' | 'decrypt' | 'reencrypt'

export interface ChunkTask {
  id: number
  op: ChunkOp
  inFd: number
  outFd: number
  /** Payload key of the input (decrypt, reencrypt) or of the output (encrypt). */
  key: Uint8Array
  /** Header hash used as AAD, paired with `key`. */
  aad: Uint8Array
  /** reencrypt only: the output file's payload key and header hash. */
  outKey?: Uint8Array
  outAad?: Uint8Array
  chunkSize: number
  plainSize: number
  first: number
  count: number
  /** Byte offset of chunk 0 in the input and in the output. */
  inBase: number
  outBase: number
}

export type TaskReply =
  | { id: number; ok: true; plainBytes: number }
  | { id: number; ok: false; code: 'integrity' | 'io' | 'internal'; message: string; chunk?: number }
