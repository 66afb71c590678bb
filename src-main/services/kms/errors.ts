import type { AppError, AppErrorCode } from '@contract/errors'
import { defaultRedactor } from '../log/redact'
import { AppFailure } from '../shared/errors'

// The one error model lives in services/shared/errors.ts; re-exported for the KMS client's callers.
export { AppFailure, toAppError } from '../shared/errors'

/** The error type the KMS client throws. */
export class KmsError extends AppFailure {
  constructor(appError: AppError) {
    super(appError)
    this.name = 'KmsError'
  }
}

export interface ErrorContext {
  /** What was attempted, e.g. "encrypt with key app-key". */
  action: string
  region?: string
  keyId?: string
  organisation?: string
}

const MAX_SERVER_MESSAGE = 300

/** Server text is untrusted: trim, strip control characters, redact anything secret-looking. */
export function cleanServerMessage(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  const flat = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
  if (!flat) return undefined
  const cut = flat.length > MAX_SERVER_MESSAGE ? flat.slice(0, MAX_SERVER_MESSAGE) + '…' : flat
  return defaultRedactor.string(cut)
}

/** Maps an HTTP error status (+ server message) to the shared taxonomy, with a next step per code. */
export function httpError(status: number, serverMessage: string | undefined, ctx: ErrorContext): KmsError {
  const msg = cleanServerMessage(serverMessage)
  const say = (fallback: string): string => `${ctx.action} failed: ${msg ?? fallback}`
  const e = (code: AppErrorCode, message: string, hint: string, field?: string): KmsError =>
    new KmsError({ code, message, hint, status, ...(field ? { field } : {}) })

  switch (status) {
    case 400:
      // key_not_usable / wrong_operation come from what the client knows (classify.ts), never the wording.
      // A bare 400 names no field, so the hint points at the message, not at a highlight that is not there.
      return e(
        'validation',
        say('the request was rejected as invalid'),
        'Check the values you entered against the message above and try again.'
      )
    case 401:
      return e(
        'unauthorized',
        say('the credentials were not accepted'),
        'Check the token or client credentials of this profile; it may have expired or been revoked.'
      )
    case 403:
      return e(
        'kms_not_enabled',
        say(`KMS is not enabled for ${ctx.organisation ? `organisation ${ctx.organisation}` : 'this organisation'}`),
        'Ask an organisation administrator to enable the KMS feature, or pick another organisation.'
      )
    case 404:
      return e(
        'not_found_or_no_access',
        say('not found'),
        ctx.keyId
          ? `The key "${ctx.keyId}" does not exist in this region and project, or your token lacks access to it.`
          : 'The resource does not exist in this region and project, or your token lacks access to it.'
      )
    case 409:
      return e(
        'conflict_slug',
        say('a key with this name already exists'),
        'Choose another name: key names (slugs) are unique per organisation, region and project.',
        'name'
      )
    case 429:
      return e('rate_limited', say('too many requests'), 'Wait a moment and try again.')
    case 503:
      if (ctx.region)
        return e(
          'region_unavailable',
          say(`KMS is not available in region ${ctx.region}`),
          `KMS is not available in region ${ctx.region} right now; pick another region or try again later.`
        )
      return e('server', say('the service is temporarily unavailable'), 'Try again in a moment.')
    default:
      return e(
        'server',
        say(`the server answered HTTP ${status}`),
        status >= 500
          ? 'The service had a problem; try again in a moment.'
          : 'This request is not supported by the server; check the API endpoint of this profile.'
      )
  }
}

export function networkError(ctx: ErrorContext, cause: string, endpoint: string): KmsError {
  return new KmsError({
    code: 'network',
    message: `${ctx.action} failed: could not reach ${endpoint} (${cause})`,
    hint: 'Check your network connection, proxy settings (HTTPS_PROXY/NO_PROXY) and the API endpoint of this profile.'
  })
}

export function timeoutError(ctx: ErrorContext, phase: string): KmsError {
  return new KmsError({
    code: 'timeout',
    message: `${ctx.action} failed: the server did not answer in time (${phase})`,
    hint: 'Try again; if it keeps happening, check your network or proxy.'
  })
}

export function badResponse(ctx: ErrorContext, detail: string, status?: number): KmsError {
  return new KmsError({
    code: 'bad_response',
    message: `${ctx.action} failed: the server's answer was not understood (${cleanServerMessage(detail) ?? 'invalid body'})`,
    hint: 'Check that the API endpoint of this profile points at the Thalassa Cloud API.',
    ...(status !== undefined ? { status } : {})
  })
}

export function cancelled(ctx: ErrorContext): KmsError {
  return new KmsError({ code: 'cancelled', message: `${ctx.action} was cancelled`, hint: 'Start it again when ready.' })
}

export function badInput(message: string, hint: string, field?: string): KmsError {
  return new KmsError({ code: 'bad_input', message, hint, ...(field ? { field } : {}) })
}

/** Key operations that change a key or use it; a masked 404 on them means "not allowed here". */
export type WriteKind = 'change' | 'use'

/**
 * The service answers a write the token may not make with the same 404 as a missing key. Once a
 * read of the same key (or list) succeeded, that 404 can only mean the token lacks write access.
 */
export function noWriteAccess(ctx: ErrorContext, kind: WriteKind): KmsError {
  const where = ctx.region ? ` in region ${ctx.region}` : ''
  return new KmsError({
    code: 'no_write_access',
    status: 404,
    message:
      kind === 'change'
        ? `${ctx.action} failed: your token cannot change keys here${where}. It can read them.`
        : `${ctx.action} failed: your token cannot use keys for cryptographic operations here${where}. It can read them.`,
    hint: 'Use a profile whose token has write access to KMS keys in this organisation and project, or ask an organisation administrator for it.'
  })
}
