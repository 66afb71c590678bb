/** Labels as `key=value` chips, sorted so the same labels always read the same way. */
export function labelPairs(labels: Record<string, string> | null | undefined): string[] {
  return Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
}
