import { createHash } from 'node:crypto'

/**
 * Canonical JSON for the bundle digest: object keys sorted, no whitespace, strings as
 * JSON.stringify writes them. Python's json.dumps(v, sort_keys=True, separators=(',', ':'),
 * ensure_ascii=False) produces the same text for the values a bundle holds.
 */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`
  }
  return JSON.stringify(v)
}

/** SHA-256 (lowercase hex) of the canonical JSON of `obj` without its `digest` field. */
export function contentDigest(obj: Record<string, unknown>): string {
  const { digest: _omit, ...rest } = obj
  return createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex')
}
