import type { z } from 'zod'
import { badRequest } from './errors'
import type { BodySpec } from './request-schemas'

type Issue = z.core.$ZodIssue

/** One issue in words: the unknown field by name, a missing field, or the type that was expected. */
function describe(issue: Issue | undefined, raw: Record<string, unknown>, sdkType: string): string {
  if (!issue) return `invalid ${sdkType}`
  const field = issue.path.join('.')
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => JSON.stringify(k)).join(', ')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${names}: ${sdkType} has no such field`
  }
  if (issue.code === 'invalid_type' && issue.path.length === 1 && raw[String(issue.path[0])] === undefined)
    return `${field} is required`
  if (issue.code === 'invalid_type')
    return `${field} must be a JSON ${issue.expected === 'int' ? 'integer' : issue.expected}`
  return `${field ? `${field}: ` : ''}${issue.message}`
}

/** Parse a request body with the strict (SDK-exact) or lenient schema; the 400 names the field. */
export function parseBody<T>(spec: BodySpec<T>, raw: unknown, lenient: boolean): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw badRequest(`request body must be a JSON object (${spec.sdkType})`)
  const r = (lenient ? spec.lenient : spec.strict).safeParse(raw)
  if (r.success) return r.data
  throw badRequest(describe(r.error.issues[0], raw as Record<string, unknown>, spec.sdkType))
}
