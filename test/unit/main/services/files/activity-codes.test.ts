import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ActivityLog } from '../../../../../src-main/services/audit/activity-log'
import { decryptFile, encryptFile } from '../../../../../src-main/services/files'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import type { ProfileService } from '../../../../../src-main/services/profiles/service'
import { ProfileStore } from '../../../../../src-main/services/profiles/store'
import { Workspace } from '../../../../../src-main/services/active-scope'
import { KEY_A, flipBitFromEnd, kmsWith, tempDir } from '../file-helpers'

let t: Awaited<ReturnType<typeof tempDir>>
let ws: Workspace
let log: ActivityLog
const kms = kmsWith(KEY_A)

beforeAll(async () => {
  t = await tempDir()
  log = new ActivityLog(join(t.dir, 'activity.jsonl'))
  const store = new ProfileStore({ file: join(t.dir, 'profiles.json') })
  // File operations of the CLI run through Workspace.audited without a KMS client of their own.
  const profiles = { client: async () => ({}) as KmsClient } as unknown as ProfileService
  ws = new Workspace({ store, profiles, deps: {} as never, activity: log })
})
afterAll(() => t.cleanup())

describe('the activity log records the real error code of a failed file operation', () => {
  it('integrity for a tampered file, io for a missing one, never internal', async () => {
    const input = join(t.dir, 'report.txt')
    await writeFile(input, 'quarterly numbers')
    await encryptFile({ input, output: `${input}.tkms`, recipients: [KEY_A], wrapper: kms })
    await flipBitFromEnd(`${input}.tkms`, 3)
    await expect(
      ws.audited('files:decrypt', { detail: 'report.txt.tkms' }, () =>
        decryptFile({ input: `${input}.tkms`, output: join(t.dir, 'out.txt'), wrapper: kms })
      )
    ).rejects.toMatchObject({ code: 'integrity' })
    await expect(
      ws.audited('files:decrypt', { detail: 'gone.tkms' }, () =>
        decryptFile({ input: join(t.dir, 'gone.tkms'), wrapper: kms })
      )
    ).rejects.toMatchObject({ code: 'io' })
    const { entries } = await log.list({ operation: 'files:decrypt' })
    expect(entries.map((e) => [e.detail, e.outcome, e.errorCode])).toEqual([
      ['gone.tkms', 'error', 'io'],
      ['report.txt.tkms', 'error', 'integrity']
    ])
  })
})
