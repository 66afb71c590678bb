/** A KMS key that can open a file: where it lives, its identity, and its slug (for display). */
export interface RecipientRef {
  region: string
  identity: string
  slug: string
}

/**
 * Wraps and unwraps the 32-byte data key with the KMS. Implemented over the KMS client's
 * encrypt/decrypt; errors it throws should carry an AppError `code` (e.g. `not_found_or_no_access`,
 * `key_not_usable`), which the engine keeps.
 */
export interface DataKeyWrapper {
  wrap(r: RecipientRef, dataKey: Uint8Array, signal?: AbortSignal): Promise<string>
  unwrap(r: RecipientRef, kmsCiphertext: string, signal?: AbortSignal): Promise<Uint8Array>
}

export interface FileProgress {
  bytesDone: number
  bytesTotal: number
}

export interface WrappedRecipient extends RecipientRef {
  /** The KMS ciphertext of the data key, passed back to the KMS verbatim. */
  ciphertext: string
}

export interface HeaderInfo {
  formatVersion: number
  recipients: RecipientRef[]
  chunkSize: number
  plaintextSize?: number
  hasName: boolean
}
