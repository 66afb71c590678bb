import type { WireObserver } from '../kms/http'
import { defaultRedactor, REDACTED, type Redactor } from './redact'

/**
 * The wire log for support (`tkms --debug-http`, the Settings switch): each request and answer in
 * the style of `curl -v`, so a user facing the real API can see exactly what was sent. Credentials,
 * plaintext, ciphertext, signing/HMAC input and key material are replaced by their length; what is
 * left goes through the process-wide redactor as well (tokens, registered secrets, long base64).
 */
const HIDDEN_FIELDS = new Set(['plaintext', 'ciphertext', 'input', 'context', 'keyMaterial', 'importKeyMaterial'])
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])
const MAX_BODY = 4096

function hideFields(v: unknown, depth = 0): unknown {
  if (depth > 8 || v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map((x) => hideFields(x, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v))
    out[k] =
      HIDDEN_FIELDS.has(k) && typeof x === 'string' ? `${REDACTED} (${x.length} chars)` : hideFields(x, depth + 1)
  return out
}

export function redactBody(text: string | undefined, r: Redactor = defaultRedactor): string | undefined {
  if (text === undefined || text.length === 0) return undefined
  let shown: string
  try {
    shown = JSON.stringify(r.value(hideFields(JSON.parse(text))))
  } catch {
    // Not JSON (a proxy's error page): only the redactor's patterns apply.
    shown = r.string(text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' '))
  }
  return shown.length > MAX_BODY ? `${shown.slice(0, MAX_BODY)}… (${shown.length} chars)` : shown
}

function header(name: string, value: string | string[] | undefined, r: Redactor): string {
  const v = Array.isArray(value) ? value.join(', ') : (value ?? '')
  if (!SECRET_HEADERS.has(name.toLowerCase())) return `${name}: ${r.string(v)}`
  // Keep the scheme (Token / Bearer): it is what a 401 is often about.
  const scheme = /^(\w+)\s/.exec(v)?.[1]
  return `${name}: ${scheme ? `${scheme} ` : ''}${REDACTED}`
}

/** Lines go to `sink` one by one; `enabled` is read per request, so a switch applies at once. */
export function wireLog(
  sink: (line: string) => void,
  enabled: () => boolean = () => true,
  r: Redactor = defaultRedactor
): WireObserver {
  const safe = (lines: string[]): void => {
    try {
      for (const l of lines) sink(l)
    } catch {
      // A failing log must never fail the call it logs.
    }
  }
  return {
    request(q) {
      if (!enabled()) return
      const body = redactBody(q.body, r)
      safe([
        `> ${q.method} ${r.string(q.url)}`,
        ...Object.entries(q.headers).map(([k, v]) => `> ${header(k, v, r)}`),
        ...(body ? [`> ${body}`] : []),
        '>'
      ])
    },
    response(a) {
      if (!enabled()) return
      const body = redactBody(a.body, r)
      safe([
        `< ${a.status} ${a.method} ${r.string(a.url)} (${a.ms} ms)`,
        ...Object.entries(a.headers).map(([k, v]) => `< ${header(k, v, r)}`),
        ...(body ? [`< ${body}`] : []),
        '<'
      ])
    }
  }
}
