/**
 * A result remembers the inputs it was made from and is shown only while they are unchanged: a
 * signature next to an edited message, or an HMAC next to edited input, would mislead.
 */
export const stamp = (...parts: unknown[]): string => JSON.stringify(parts)

export function fresh<T extends { for: string }>(result: T | undefined, now: string): T | undefined {
  return result !== undefined && result.for === now ? result : undefined
}

/** Clears a value after `seconds` (0: never); returns the cancel function for the previous timer. */
export function clearAfter(seconds: number, clear: () => void): () => void {
  if (!(seconds > 0)) return () => undefined
  const t = setTimeout(clear, seconds * 1000)
  return () => clearTimeout(t)
}
