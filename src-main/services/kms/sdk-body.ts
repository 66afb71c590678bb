/**
 * Go's `omitempty` as the SDK applies it to its request types: undefined, null, "", false, 0 and
 * empty maps are left out. Apply only to types whose fields are plain values (the rotation request
 * uses pointers, so its `false` must still be sent).
 */
export function omitEmpty<T extends object>(body: T): Partial<T> {
  const out: Partial<T> = {}
  for (const [k, v] of Object.entries(body) as [keyof T & string, unknown][]) {
    if (v === undefined || v === null || v === '' || v === false || v === 0) continue
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) continue
    out[k] = v as T[keyof T & string]
  }
  return out
}
