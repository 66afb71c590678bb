import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ActivityLog, activityCsv } from '../../../../../src-main/services/audit/activity-log'
import { formatAuditTime, rangeFilter, zoneLabel } from '../../../../../src-renderer/src/features/activity/audit-time'
import { explainFailure } from '../../../../../src-renderer/src/features/activity/error-copy'

let dir: string
let log: ActivityLog
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-audit-view-'))
  log = new ActivityLog(join(dir, 'activity.jsonl'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('activity as an audit view (service)', () => {
  it('filters by a time range (since inclusive, until exclusive) and by key, also inside a file job’s key list', async () => {
    await log.record({
      time: '2026-03-01T10:00:00.000Z',
      profile: 'p',
      key: 'alpha',
      operation: 'keys:rotate',
      outcome: 'ok'
    })
    await log.record({
      time: '2026-03-02T10:00:00.000Z',
      profile: 'p',
      key: 'beta, alpha',
      operation: 'files:encrypt',
      outcome: 'ok'
    })
    await log.record({
      time: '2026-03-03T10:00:00.000Z',
      profile: 'p',
      key: 'beta',
      operation: 'keys:disable',
      outcome: 'ok'
    })
    const ops = async (f: Parameters<ActivityLog['list']>[0]) => (await log.list(f)).entries.map((e) => e.operation)
    expect(await ops({ since: '2026-03-02T10:00:00.000Z', until: '2026-03-03T10:00:00.000Z' })).toEqual([
      'files:encrypt'
    ])
    expect(await ops({ key: 'alpha' })).toEqual(['files:encrypt', 'keys:rotate'])
    expect(await ops({ key: 'alph' })).toEqual([])
    // A reversed range matches nothing rather than everything.
    expect(await ops({ since: '2026-03-03T00:00:00.000Z', until: '2026-03-01T00:00:00.000Z' })).toEqual([])
  })

  it('keeps the error message and hint of failed rows, and exports ISO 8601 times with them', async () => {
    await log.record({
      time: '2026-03-01T10:00:05.123Z',
      profile: 'p',
      key: 'alpha',
      operation: 'crypto:decrypt',
      outcome: 'error',
      errorCode: 'key_not_usable',
      errorMessage: 'Decrypting with alpha failed: the key is disabled',
      errorHint: 'Enable the key, then retry.'
    })
    const [e] = (await log.list()).entries
    expect(e).toMatchObject({
      errorMessage: 'Decrypting with alpha failed: the key is disabled',
      errorHint: 'Enable the key, then retry.'
    })
    const csv = activityCsv((await log.list()).entries).split('\r\n')
    expect(csv[0]).toBe('time,profile,region,key,operation,outcome,errorCode,detail,errorMessage,errorHint')
    expect(csv[1]).toMatch(
      /^2026-03-01T10:00:05\.123Z,p,,alpha,crypto:decrypt,error,key_not_usable,,Decrypting with alpha failed: the key is disabled,"?Enable the key, then retry\."?$/
    )
  })

  it('still reads older lines that carry only a code', async () => {
    await log.record({ profile: 'p', operation: 'keys:rotate', outcome: 'error', errorCode: 'timeout' })
    const [e] = (await log.list()).entries
    expect(explainFailure(e ?? { errorCode: 'x' })).toEqual({
      message: 'The KMS did not answer in time.',
      hint: 'Retry; check the key before retrying a create.'
    })
    expect(explainFailure({ errorCode: 'brand_new_code' }).message).toBe('Failed with code brand_new_code.')
  })
})

describe('audit times (renderer)', () => {
  it('show seconds and the UTC offset of the zone', () => {
    expect(formatAuditTime('2026-03-01T10:00:05.900Z', 'Europe/Amsterdam')).toBe('2026-03-01 11:00:05 UTC+01:00')
    expect(formatAuditTime('2026-07-01T10:00:05Z', 'Europe/Amsterdam')).toBe('2026-07-01 12:00:05 UTC+02:00')
    expect(formatAuditTime('2026-03-01T10:00:05Z', 'UTC')).toBe('2026-03-01 10:00:05 UTC+00:00')
    expect(zoneLabel(new Date('2026-03-01T00:00:00Z'), 'Asia/Kolkata')).toBe('Asia/Kolkata, UTC+05:30')
    expect(formatAuditTime('not a time')).toBe('not a time')
  })

  it('turn a day range into instants (both days included) and refuse a reversed or malformed one', () => {
    const r = rangeFilter({ from: '2026-03-01', to: '2026-03-01' })
    if ('error' in r) throw new Error(r.error)
    expect(Date.parse(r.until ?? '') - Date.parse(r.since ?? '')).toBe(86_400_000)
    expect(rangeFilter({ from: '', to: '' })).toEqual({})
    expect(rangeFilter({ from: '2026-03-02', to: '2026-03-01' })).toEqual({
      error: 'The start date 2026-03-02 is after the end date 2026-03-01: swap them or clear one.'
    })
    expect(rangeFilter({ from: '03/02/2026', to: '' })).toEqual({ error: 'Enter dates as yyyy-mm-dd.' })
  })
})
