import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ActivityLog, activityCsv } from '../../../../../src-main/services/audit/activity-log'

let dir: string
let log: ActivityLog
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-audit-'))
  log = new ActivityLog(join(dir, 'activity.jsonl'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('activity log', () => {
  it('appends entries and lists them newest first, in a 0600 file', async () => {
    await log.record({ profile: 'Local sandbox', region: 'nl-01', key: 'app', operation: 'keys:create', outcome: 'ok' })
    await log.record({
      profile: 'Local sandbox',
      region: 'nl-01',
      key: 'app',
      operation: 'crypto:encrypt',
      outcome: 'error',
      errorCode: 'key_not_usable'
    })
    const { entries, skipped } = await log.list()
    expect(entries.map((e) => e.operation)).toEqual(['crypto:encrypt', 'keys:create'])
    expect(skipped).toBe(0)
    expect((await stat(log.file)).mode & 0o777).toBe(0o600)
  })

  it('filters by text, operation and outcome', async () => {
    await log.record({ profile: 'p', key: 'alpha', operation: 'keys:rotate', outcome: 'ok' })
    await log.record({
      profile: 'p',
      key: 'beta',
      operation: 'keys:disable',
      outcome: 'error',
      errorCode: 'not_found_or_no_access'
    })
    expect((await log.list({ text: 'ALPHA' })).entries).toHaveLength(1)
    expect((await log.list({ operation: 'keys:disable' })).entries[0]?.key).toBe('beta')
    expect((await log.list({ outcome: 'ok' })).entries[0]?.key).toBe('alpha')
  })

  it('keeps concurrent appends whole', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => log.record({ profile: 'p', operation: `op${i}`, outcome: 'ok' }))
    )
    const { entries, skipped } = await log.list()
    expect(entries).toHaveLength(50)
    expect(skipped).toBe(0)
  })

  it('skips and counts a damaged line instead of failing or rewriting the file', async () => {
    await log.record({ profile: 'p', operation: 'a', outcome: 'ok' })
    await appendFile(log.file, '{not json\n')
    await log.record({ profile: 'p', operation: 'b', outcome: 'ok' })
    const { entries, skipped } = await log.list()
    expect(entries.map((e) => e.operation)).toEqual(['b', 'a'])
    expect(skipped).toBe(1)
  })

  it('refuses an entry without the required fields', async () => {
    await expect(log.record({ profile: 'p', operation: 'x', outcome: 'maybe' as 'ok' })).rejects.toThrow()
  })
})

describe('CSV export', () => {
  it('quotes separators and neutralises spreadsheet formulas', () => {
    const csv = activityCsv([{ time: 't', profile: 'a,b', operation: '=cmd()', outcome: 'ok', detail: 'say "hi"' }])
    const [header, row] = csv.split('\r\n')
    expect(header).toBe('time,profile,region,key,operation,outcome,errorCode,detail,errorMessage,errorHint')
    expect(row).toBe(`t,"a,b",,,'=cmd(),ok,,"say ""hi""",,`)
  })
})
