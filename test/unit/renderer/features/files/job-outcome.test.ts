import { describe, expect, it } from 'vitest'
import { jobOutcome } from '../../../../../src-renderer/src/features/files/job-outcome'

describe('the word a job row and a result line share', () => {
  it('says done, valid or not valid for a finished job', () => {
    expect(jobOutcome('ok', undefined)).toBe('done')
    expect(jobOutcome('ok', true)).toBe('valid')
    expect(jobOutcome('ok', false)).toBe('not valid')
  })

  it('never calls a failed, cancelled or unfinished job valid', () => {
    expect(jobOutcome('error', true)).toBe('failed')
    expect(jobOutcome('cancelled', true)).toBe('cancelled')
    expect(jobOutcome('running', undefined)).toBe('running')
    expect(jobOutcome('queued', undefined)).toBe('queued')
  })
})
