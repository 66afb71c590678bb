import { describe, expect, it } from 'vitest'
import { KEY_TYPES, supports, type KeyOperation } from '@contract/key-matrix'
import type { KmsKey } from '@contract/schemas/kms'
import { KEY_TYPE_INFO, typeInfo, unavailableReason } from '../../../../../src-renderer/src/features/keys/capabilities'
import {
  filterKeys,
  nextRotationDue,
  parseLabelQuery,
  searchText,
  sortKeys
} from '../../../../../src-renderer/src/features/keys/key-list'
import { nameError, pairErrors, periodError, slugPreview } from '../../../../../src-renderer/src/features/keys/validation'

const OPS: KeyOperation[] = ['encrypt', 'sign', 'hmac', 'publicKey', 'import']

function key(over: Partial<KmsKey>): KmsKey {
  return {
    identity: 'kms-1',
    name: 'a',
    slug: 'a',
    keyType: 'aes256-gcm96',
    status: 'active',
    exportAllowed: false,
    keyRotationEnabled: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over
  }
}

/** The operation table of the KMS reference (§4), written out cell by cell: E S H P I = encrypt, sign, hmac, publicKey, import. */
const REFERENCE_TABLE: Record<string, string> = {
  'aes128-gcm96': 'E---I',
  'aes256-gcm96': 'E---I',
  'chacha20-poly1305': 'E---I',
  'rsa-2048': 'ES-PI',
  'rsa-3072': 'ES-PI',
  'rsa-4096': 'ES-PI',
  'ecdsa-p256': '-S-PI',
  'ecdsa-p384': '-S-PI',
  'ecdsa-p521': '-S-PI',
  ed25519: '-S-PI',
  hmac: '--H--',
  'hmac-sha256': '--H--',
  'hmac-sha512': '--H--'
}

describe('the key operation matrix the UI offers', () => {
  it('matches the reference table for every key type and operation', () => {
    expect(Object.keys(REFERENCE_TABLE).sort()).toEqual([...KEY_TYPES].sort())
    for (const t of KEY_TYPES)
      expect(OPS.map((op) => (supports(t, op) ? 'ESHPI'[OPS.indexOf(op)] : '-')).join(''), t).toBe(REFERENCE_TABLE[t])
  })

  it('has a label and a summary for every key type of the contract', () => {
    expect(KEY_TYPE_INFO.map((i) => i.type).sort()).toEqual([...KEY_TYPES].sort())
    for (const i of KEY_TYPE_INFO) expect(i.label.length * i.summary.length, i.type).toBeGreaterThan(0)
  })

  it('gives a reason for unsupported operations and for keys that are not active', () => {
    expect(unavailableReason(key({ keyType: 'hmac' }), 'encrypt')).toMatch(/do not support/)
    expect(unavailableReason(key({ status: 'disabled' }), 'encrypt')).toMatch(/disabled/)
    expect(unavailableReason(key({ keyType: 'ed25519', status: 'pending_deletion' }), 'sign')).toMatch(
      /pending deletion/
    )
    expect(unavailableReason(key({ keyType: 'ed25519', status: 'disabled' }), 'publicKey')).toBeUndefined()
    expect(unavailableReason(key({}), 'encrypt')).toBeUndefined()
  })

  it('a key type or status the server has and this version does not: shown as unknown, every operation disabled with the reason', () => {
    expect(typeInfo('ml-dsa-65')).toMatchObject({ label: 'unknown type ml-dsa-65', family: undefined })
    for (const op of OPS) {
      expect(supports('ml-dsa-65', op)).toBe(false)
      expect(unavailableReason(key({ keyType: 'ml-dsa-65' }), op)).toBe(
        'The key type "ml-dsa-65" is unknown to this version of the app, so no operation is offered for it.'
      )
      expect(unavailableReason(key({ status: 'archived' }), op)).toMatch(
        /^The key status "archived" is unknown to this version of the app/
      )
    }
  })
})

describe('key list logic', () => {
  const keys = [
    key({
      identity: 'kms-b',
      name: 'Beta',
      slug: 'beta',
      labels: { env: 'prod' },
      createdAt: '2026-01-02T00:00:00.000Z',
      latestVersion: 3
    }),
    key({
      identity: 'kms-a',
      name: 'alpha',
      slug: 'alpha',
      keyType: 'ed25519',
      status: 'disabled',
      labels: { env: 'dev', team: 'x' }
    }),
    key({ identity: 'kms-c', name: 'Gamma', slug: 'gamma', keyType: 'hmac' })
  ]
  const texts = keys.map(searchText)
  const none = { search: '', status: '' as const, type: '' as const, labels: [] }

  it('parses label queries and refuses a term without a key', () => {
    expect(parseLabelQuery(' env=prod , team ')).toEqual({ terms: [{ key: 'env', value: 'prod' }, { key: 'team' }] })
    expect(parseLabelQuery('=prod').error).toMatch(/no label key/)
  })

  it('filters by words, status, type and labels', () => {
    expect(filterKeys(keys, texts, { ...none, search: 'ALP' }).map((k) => k.slug)).toEqual(['alpha'])
    expect(filterKeys(keys, texts, { ...none, search: 'env=prod' }).map((k) => k.slug)).toEqual(['beta'])
    expect(filterKeys(keys, texts, { ...none, status: 'disabled' }).map((k) => k.slug)).toEqual(['alpha'])
    expect(filterKeys(keys, texts, { ...none, type: 'hmac' }).map((k) => k.slug)).toEqual(['gamma'])
    expect(filterKeys(keys, texts, { ...none, labels: [{ key: 'team' }] }).map((k) => k.slug)).toEqual(['alpha'])
    expect(filterKeys(keys, texts, { ...none, labels: [{ key: 'env', value: 'staging' }] })).toEqual([])
  })

  it('sorts case-insensitively both ways and numerically by version', () => {
    expect(sortKeys(keys, { column: 'name', dir: 'asc' }).map((k) => k.slug)).toEqual(['alpha', 'beta', 'gamma'])
    expect(sortKeys(keys, { column: 'name', dir: 'desc' }).map((k) => k.slug)).toEqual(['gamma', 'beta', 'alpha'])
    expect(sortKeys(keys, { column: 'latestVersion', dir: 'desc' })[0]?.slug).toBe('beta')
  })

  it('infers the next rotation from the latest version and the period, only when rotation is on', () => {
    const k = key({
      keyRotationEnabled: true,
      rotationPeriodInDays: 10,
      latestVersion: 2,
      versions: [
        { version: 1, createdAt: '2026-01-01T00:00:00.000Z' },
        { version: 2, createdAt: '2026-02-01T00:00:00.000Z' }
      ]
    })
    expect(nextRotationDue(k)?.toISOString()).toBe('2026-02-11T00:00:00.000Z')
    expect(nextRotationDue({ ...k, keyRotationEnabled: false })).toBeUndefined()
  })
})

describe('create form validation', () => {
  it('checks names, periods and label pairs', () => {
    expect(nameError('')).toMatch(/required/)
    expect(nameError('---')).toMatch(/letter/)
    expect(nameError('x'.repeat(256))).toMatch(/255/)
    expect(nameError('Payments')).toBeUndefined()
    expect(slugPreview('  My Key! v2 ')).toBe('my-key-v2')
    expect(periodError(0)).toBeDefined()
    expect(periodError(3651)).toBeDefined()
    expect(periodError(1.5)).toBeDefined()
    expect(periodError(3650)).toBeUndefined()
    expect(
      pairErrors([
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
        { key: '', value: 'v' },
        { key: '', value: '' }
      ])
    ).toEqual([undefined, 'The key "a" appears twice.', 'The key is empty.', undefined])
  })
})
