/**
 * Redaction for anything that may be logged or shown: tokens, Authorization headers, client
 * secrets, key material and plaintext never leave the process in readable form.
 */

export const REDACTED = '[REDACTED]'

/** Field names whose values are secret whatever they contain. */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|token|access_?token|refresh_?token|id_?token|api_?token|pat|secret|client_?secret|password|passphrase|plaintext|key_?material|import_?key_?material|private_?key|data_?key|subject_?token|assertion)$/i

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization-style credentials: "Bearer x", "Token x", "Basic x".
  [/\b(Bearer|Token|Basic)\s+[A-Za-z0-9_\-.~+/=]+/g, `$1 ${REDACTED}`],
  // Personal access tokens, wherever they appear.
  [/tc_pat_[A-Za-z0-9_\-.]+/g, `tc_pat_${REDACTED}`],
  // key=value pairs (query strings, form bodies) whose key names a secret.
  [/\b(client_secret|access_token|refresh_token|subject_token|password|token)=([^&\s"']+)/gi, `$1=${REDACTED}`],
  // JSON fragments embedded in strings, e.g. a raw body in an error message.
  [
    /"(plaintext|keyMaterial|importKeyMaterial|clientSecret|client_secret|access_token|accessToken|token|secret|password)"\s*:\s*"[^"]*"/g,
    `"$1":"${REDACTED}"`
  ]
]

/** Long base64 runs are key material, plaintext or ciphertext far more often than anything useful. */
const BASE64_BLOB_MIN = 48
const BASE64_BLOB = new RegExp(`[A-Za-z0-9+/]{${BASE64_BLOB_MIN},}={0,2}`, 'g')
/** Random base64 of this length has upper case, lower case and digits; paths and words rarely do. */
const looksRandom = (m: string): boolean => /[A-Z]/.test(m) && /[a-z]/.test(m) && /[0-9]/.test(m)

export class Redactor {
  readonly #known = new Set<string>()

  /** Exact values (e.g. a secret just read from the keychain) to mask wherever they appear. */
  register(secret: string): void {
    if (secret.length >= 4) this.#known.add(secret)
  }

  forget(secret: string): void {
    this.#known.delete(secret)
  }

  string(s: string): string {
    let out = s
    for (const k of this.#known) out = out.split(k).join(REDACTED)
    for (const [re, rep] of PATTERNS) out = out.replace(re, rep)
    return out.replace(BASE64_BLOB, (m) => (looksRandom(m) ? `[${m.length} chars redacted]` : m))
  }

  /** Deep copy with secret fields masked and every string scrubbed. */
  value(v: unknown, depth = 0): unknown {
    if (depth > 8) return '[depth]'
    if (typeof v === 'string') return this.string(v)
    if (v === null || typeof v !== 'object') return v
    if (v instanceof Error) return this.error(v)
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1))
    if (v instanceof Uint8Array) return `[${v.byteLength} bytes redacted]`
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      out[k] = SECRET_KEY.test(k) && x !== undefined && x !== null && x !== '' ? REDACTED : this.value(x, depth + 1)
    }
    return out
  }

  /** Errors are reduced to name, code and message: stacks and causes may carry request data. */
  error(e: Error): Record<string, unknown> {
    const code = (e as { code?: unknown }).code
    return { name: e.name, message: this.string(e.message), ...(typeof code === 'string' ? { code } : {}) }
  }
}

/** Process-wide redactor so secrets registered by the credential store are masked in every log. */
export const defaultRedactor = new Redactor()
