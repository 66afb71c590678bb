import { describe, expect, it } from 'vitest'
import { describeRun } from '../../../../../src-renderer/src/features/files/action-summary'
import { filterRecipients, moveHighlight, resolveSet } from '../../../../../src-renderer/src/features/files/recipient-filter'

const key = (name: string, region: string, labels: Record<string, string> = {}) => ({
  identity: `id-${name}-${region}`,
  name,
  slug: name.toLowerCase().replace(/\s+/g, '-'),
  keyType: 'aes256-gcm96',
  region,
  labels
})
const KEYS = [
  key('Payments API', 'nl-01', { team: 'payments' }),
  key('DR escrow', 'nl-02', { purpose: 'escrow' }),
  key('Payments API', 'nl-02', { team: 'payments' }),
  key('Billing', 'nl-01')
]
const ids = (ks: { region: string; identity: string }[]) => ks.map((k) => `${k.region}/${k.identity}`)

describe('the recipient picker', () => {
  it('filters by name, slug, label and region, every word must match', () => {
    expect(filterRecipients(KEYS, 'payments', []).map((k) => k.region)).toEqual(['nl-01', 'nl-02'])
    expect(filterRecipients(KEYS, 'payments nl-02', []).map((k) => k.region)).toEqual(['nl-02'])
    expect(filterRecipients(KEYS, 'purpose=escrow', []).map((k) => k.name)).toEqual(['DR escrow'])
    expect(filterRecipients(KEYS, 'dr-escrow', []).map((k) => k.name)).toEqual(['DR escrow'])
    expect(filterRecipients(KEYS, 'BILLING', []).map((k) => k.name)).toEqual(['Billing'])
  })

  it('leaves out chosen keys and answers nothing for a query nothing matches', () => {
    expect(filterRecipients(KEYS, '', ids([KEYS[0]!]))).toHaveLength(3)
    expect(filterRecipients(KEYS, 'no such key', [])).toEqual([])
  })

  it('moves the highlight with wrap-around, and has none in an empty list', () => {
    expect(moveHighlight(0, 3, 1)).toBe(1)
    expect(moveHighlight(2, 3, 1)).toBe(0)
    expect(moveHighlight(0, 3, -1)).toBe(2)
    expect(moveHighlight(-1, 3, 1)).toBe(0)
    expect(moveHighlight(0, 0, 1)).toBe(-1)
  })

  it('applies a saved set and names the keys of it that no longer exist', () => {
    const set = {
      name: 'payments + DR escrow',
      recipients: [
        { region: 'nl-01', identity: 'id-Payments API-nl-01', slug: 'payments-api' },
        { region: 'nl-02', identity: 'gone', slug: 'old-escrow' }
      ]
    }
    expect(resolveSet(set, KEYS)).toEqual({ ids: ['nl-01/id-Payments API-nl-01'], missing: ['nl-02/old-escrow'] })
  })
})

describe('the action bar sentence', () => {
  it('says how many files, to which keys, and where the output goes', () => {
    const recipients = [
      { name: 'payments-api', region: 'nl-01' },
      { name: 'dr-escrow', region: 'nl-02' }
    ]
    expect(describeRun({ operation: 'encrypt', files: 3, recipients, outputDir: '/out' })).toBe(
      'Encrypt 3 files to 2 keys (payments-api · nl-01, dr-escrow · nl-02) → folder /out'
    )
    expect(describeRun({ operation: 'encrypt', files: 1, recipients: recipients.slice(0, 1) })).toBe(
      'Encrypt 1 file to 1 key (payments-api · nl-01) → beside each file'
    )
    expect(describeRun({ operation: 'reencrypt', files: 2, recipients: [] })).toBe(
      'Re-encrypt 2 files to the same keys at their latest version → beside each file'
    )
    expect(describeRun({ operation: 'sign', files: 2, recipients: [], key: { name: 'signer', region: 'nl-01' } })).toBe(
      'Sign 2 files with signer · nl-01 → beside each file'
    )
    expect(describeRun({ operation: 'verify', files: 1, recipients: [], verifyOffline: true })).toBe(
      'Verify 1 file offline, with the chosen public key'
    )
    expect(describeRun({ operation: 'decrypt', files: 4, recipients: [], outputDir: '/plain' })).toBe(
      'Decrypt 4 files → folder /plain'
    )
  })
})
