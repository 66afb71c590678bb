import { describe, expect, it } from 'vitest'
import {
  buildReport,
  DEFAULT_POSTURE_SETTINGS,
  gatherKeys,
  reportCsv,
  reportHtml,
  type KeySource
} from '../../../../../src-main/services/posture'
import { KmsError } from '../../../../../src-main/services/kms/client'
import { key, NOW } from './key-set'

const region = (slug: string, kmsAvailable = true) => ({
  identity: slug,
  name: slug.toUpperCase(),
  slug,
  kmsAvailable,
  totalKeys: 1,
  activeKeys: 1,
  disabledKeys: 0,
  pendingDeletionKeys: 0
})

describe('gathering and the inventory report', () => {
  it('one failing region or profile is a named gap, not a failed report', async () => {
    const src: KeySource = {
      summary: async () => ({
        featureEnabled: true,
        regions: [region('nl-01'), region('nl-02'), region('xx-01', false)]
      }),
      listKeys: async (r) => {
        if (r === 'nl-02') throw new KmsError({ code: 'region_unavailable', message: 'Service unavailable (503)' })
        return [key({ identity: 'kms-1', name: '=HYPERLINK("http://x")', exportAllowed: true })]
      }
    }
    const g = await gatherKeys([
      { profile: 'work', client: async () => src },
      { profile: 'broken', client: async () => Promise.reject(new Error('no secret stored')) }
    ])
    expect(g.sets.map((s) => s.region)).toEqual(['nl-01'])
    const r = buildReport(g, { settings: DEFAULT_POSTURE_SETTINGS, now: NOW, profile: 'work' })
    expect(r.summary.keys).toBe(1)
    expect(r.summary.gaps).toEqual([
      expect.stringMatching(/xx-01 has no KMS/),
      expect.stringMatching(/nl-02 could not be listed/),
      expect.stringMatching(/^broken: /)
    ])
    expect(r.keys[0]).toMatchObject({
      profile: 'work',
      region: 'nl-01',
      findings: ['export-allowed'],
      rotationEnabled: true,
      latestVersionAgeDays: 10
    })
    // A name a spreadsheet would run as a formula is written as text.
    expect(reportCsv(r).split('\r\n')[1]).toContain(`"'=HYPERLINK(""http://x"")"`)
    const html = reportHtml(r)
    expect(html).toContain('nl-02 could not be listed')
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)')
  })

  it('a disabled KMS feature is reported as a gap', async () => {
    const g = await gatherKeys([
      {
        profile: 'p',
        client: async () => ({
          summary: async () => ({ featureEnabled: false, regions: [] }),
          listKeys: async () => []
        })
      }
    ])
    expect(g.errors).toEqual([{ profile: 'p', message: expect.stringMatching(/not enabled/) }])
  })
})
