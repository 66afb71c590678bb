/**
 * Ciphertexts, signatures and HMACs are opaque strings from the KMS. When one carries a
 * `…:v<N>:` prefix (`thalassa:v2:…`, as the sandbox writes, or `vault:v1:…`) the version and
 * the base64 payload are read from it; otherwise the string is the payload itself.
 */
const PREFIXED = /^(?:[A-Za-z0-9_-]+:)?v([1-9][0-9]{0,8}):(.*)$/s

export function versionOf(s: string): number | undefined {
  const m = PREFIXED.exec(s)
  return m ? Number(m[1]) : undefined
}

/** The raw bytes: base64 (standard or URL-safe) after the prefix, or of the whole string. */
export function kmsBytes(s: string): Buffer {
  const payload = PREFIXED.exec(s)?.[2] ?? s
  return Buffer.from(payload.trim(), /[-_]/.test(payload) ? 'base64url' : 'base64')
}
