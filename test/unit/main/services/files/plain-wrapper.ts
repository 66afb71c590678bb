import type { DataKeyWrapper } from '../../../../../src-main/services/files'

/** A "KMS" that wraps by encoding only: lets two processes share data keys in a test. Never for real data. */
export const plainWrapper: DataKeyWrapper = {
  wrap: async (_r, dataKey) => `test:${Buffer.from(dataKey).toString('base64')}`,
  unwrap: async (_r, ciphertext) => Uint8Array.from(Buffer.from(ciphertext.slice(5), 'base64'))
}
