/** What a failed row means when the log line predates recorded messages and holds only a code. */
const BY_CODE: Record<string, { message: string; hint: string }> = {
  unauthorized: {
    message: 'The token or client credentials were refused.',
    hint: 'Check the profile’s secret in Settings.'
  },
  kms_not_enabled: {
    message: 'KMS is not enabled for the organisation.',
    hint: 'Ask an organisation admin to enable KMS.'
  },
  not_found_or_no_access: {
    message: 'The key was not found, or the token may not act on it.',
    hint: 'Check the region and project, and the token’s permissions.'
  },
  validation: { message: 'The KMS refused the request as invalid.', hint: 'Correct the input and try again.' },
  key_not_usable: {
    message: 'The key could not be used (disabled, pending deletion, or the wrong key).',
    hint: 'Check the key’s state in Keys.'
  },
  wrong_operation: {
    message: 'The key type does not support this operation.',
    hint: 'Pick a key of a type that does.'
  },
  conflict_slug: { message: 'A key with this name already exists here.', hint: 'Choose another name.' },
  region_unavailable: { message: 'The region’s KMS was unavailable.', hint: 'Try another region or later.' },
  rate_limited: { message: 'Too many requests.', hint: 'Wait a moment and retry.' },
  network: { message: 'The KMS could not be reached.', hint: 'Check the network or proxy.' },
  timeout: { message: 'The KMS did not answer in time.', hint: 'Retry; check the key before retrying a create.' },
  server: { message: 'The KMS failed with a server error.', hint: 'Retry later.' },
  integrity: {
    message: 'The file failed its integrity check (tampered, truncated or not ours).',
    hint: 'Get a fresh copy of the file.'
  },
  invalid_signature: { message: 'The signature did not verify.', hint: 'Check the file, the signature and the key.' },
  cancelled: { message: 'The operation was cancelled.', hint: 'Run it again when ready.' }
}

export function explainFailure(e: { errorCode?: string; errorMessage?: string; errorHint?: string }): {
  message: string
  hint?: string
} {
  if (e.errorMessage) return { message: e.errorMessage, ...(e.errorHint ? { hint: e.errorHint } : {}) }
  const known = e.errorCode ? BY_CODE[e.errorCode] : undefined
  return known ?? { message: e.errorCode ? `Failed with code ${e.errorCode}.` : 'Failed (no detail was recorded).' }
}
