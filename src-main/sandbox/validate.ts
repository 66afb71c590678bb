import type { z } from 'zod'
import { badRequest } from './errors'

/** Parse a request body; the 400 names the first offending field and what it needed. */
export function parseBody<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest('request body must be a JSON object')
  const r = schema.safeParse(raw)
  if (r.success) return r.data
  const issue = r.error.issues[0]
  const field = issue?.path.join('.') ?? ''
  throw badRequest(`${field ? `${field}: ` : ''}${issue?.message ?? 'invalid request body'}`)
}
