import type { JobView } from '@contract/schemas/files'

/** The one word a job row and a result line show for a job: done, valid, not valid, failed… */
export function jobOutcome(state: JobView['state'], valid: boolean | undefined): string {
  if (state === 'ok') return valid === false ? 'not valid' : valid ? 'valid' : 'done'
  return { error: 'failed', cancelled: 'cancelled', queued: 'queued', running: 'running' }[state]
}
