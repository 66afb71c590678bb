import type { z } from 'zod'
import { zodIssues } from '../shared/errors'
import { integrity } from './errors'

/** Shared by the wrapping-key file and the bundle: JSON, a `format` tag and a `version`. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw integrity(`The ${what} is not valid JSON (truncated or corrupted?).`)
  }
}

/** Clear messages for the wrong kind of file or a newer format, before field-level validation. */
export function checkFormat(json: unknown, format: string, what: string): void {
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {}
  if (obj['format'] !== format) {
    throw integrity(`This is not a ${what} (expected "format": "${format}").`)
  }
  if (typeof obj['version'] === 'number' && obj['version'] > 1) {
    throw integrity(
      `This ${what} uses format version ${obj['version']}; this version of the app reads version 1.`,
      'Update the app.'
    )
  }
}

/** The shared zod-issue formatter, under the name the BYOK files use. */
export const zodSummary = (error: z.ZodError): string => zodIssues(error, error.issues.length)
