import { z } from 'zod'

/**
 * Stable error codes shared by main, the CLI and the UI. The UI maps codes to copy;
 * the CLI maps them to exit codes. Never rename a code: add a new one.
 */
export const KMS_ERROR_CODES = [
  'unauthorized',
  'kms_not_enabled',
  'not_found_or_no_access',
  /** A masked 404 on a write to a key the same token can read: the token may not change keys here. */
  'no_write_access',
  'validation',
  'key_not_usable',
  'wrong_operation',
  'conflict_slug',
  'region_unavailable',
  'rate_limited',
  'network',
  'timeout',
  'server',
  'bad_response'
] as const

const LOCAL_ERROR_CODES = [
  'ipc_unknown_channel',
  'ipc_forbidden_sender',
  'ipc_invalid_request',
  'keychain_unavailable',
  'secret_missing',
  'config_corrupt',
  'profile_not_found',
  'io',
  'exists',
  'integrity',
  'bad_input',
  'cancelled',
  'internal'
] as const

export const AppErrorCodeSchema = z.enum([...KMS_ERROR_CODES, ...LOCAL_ERROR_CODES])
export type AppErrorCode = z.infer<typeof AppErrorCodeSchema>

export const AppErrorSchema = z.object({
  code: AppErrorCodeSchema,
  /** What went wrong, including the server's message when there is one. */
  message: z.string(),
  /** The next step for the user. */
  hint: z.string().optional(),
  /** HTTP status when the error came from the KMS. */
  status: z.number().int().optional(),
  /** Field the error is about (e.g. `name` for a duplicate slug), for inline display. */
  field: z.string().optional()
})
export type AppError = z.infer<typeof AppErrorSchema>

export function isKmsErrorCode(code: AppErrorCode): boolean {
  return (KMS_ERROR_CODES as readonly string[]).includes(code)
}
