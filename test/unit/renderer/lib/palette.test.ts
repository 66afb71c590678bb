import { describe, expect, it, vi } from 'vitest'
import type { KmsKey } from '@contract/schemas/kms'
import type { ProfileView } from '@contract/schemas/profiles'
import { matchEntries, paletteEntries, type PaletteSources } from '@lib/palette'
import { SHORTCUTS } from '@lib/shortcut-list'

const key = (name: string, slug: string, status = 'active'): KmsKey =>
  ({
    identity: `kms-${slug}`,
    name,
    slug,
    keyType: 'aes256-gcm96',
    status,
    exportAllowed: false,
    keyRotationEnabled: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z'
  }) as KmsKey
const profile = (id: string, name: string, active = false) =>
  ({ id, name, kind: 'cloud', organisation: 'acme', active }) as unknown as ProfileView

function sources(over: Partial<PaletteSources> = {}): PaletteSources {
  return {
    commands: [{ id: 'go-keys', label: 'Go to Keys', shortcut: 'Alt+2', run: vi.fn() }],
    keys: [
      key('Payments API', 'payments-api'),
      key('Payments archive', 'payments-archive', 'disabled'),
      key('Orders', 'orders', 'pending_deletion')
    ],
    profiles: [profile('p1', 'Production', true), profile('p2', 'Staging')],
    regions: [
      { slug: 'nl-01', name: 'Amsterdam', kmsAvailable: true },
      { slug: 'nl-02', name: 'Rotterdam', kmsAvailable: false }
    ],
    currentRegion: 'nl-01',
    openKey: vi.fn(),
    selectProfile: vi.fn(),
    setRegion: vi.fn(),
    ...over
  }
}

describe('the command palette finds keys, profiles, regions and actions', () => {
  it('"rotate payments-api" is exactly the rotate entry of that key, and runs the rotate request', () => {
    const s = sources()
    const hits = matchEntries(paletteEntries(s), 'rotate payments-api')
    expect(hits.map((h) => h.label)).toEqual(['Rotate Payments API (payments-api)'])
    hits[0]?.run()
    expect(s.openKey).toHaveBeenCalledWith(expect.objectContaining({ slug: 'payments-api' }), 'rotate')
  })

  it('finds keys by name or slug, profiles by name or organisation, regions by slug or name', () => {
    const e = paletteEntries(sources())
    expect(matchEntries(e, 'payments').filter((h) => h.kind === 'Key')).toHaveLength(3)
    expect(matchEntries(e, 'orders').map((h) => h.label)).toEqual(['Open Orders (orders)'])
    expect(matchEntries(e, 'staging').map((h) => h.kind)).toEqual(['Profile'])
    expect(matchEntries(e, 'profile acme')).toHaveLength(2)
    expect(matchEntries(e, 'rotterdam').map((h) => h.label)).toEqual([
      'Switch to region nl-02 · Rotterdam – KMS unavailable'
    ])
    expect(matchEntries(e, 'go keys').map((h) => h.id)).toEqual(['go-keys'])
    // The kind is not searched: "act" finds Activity, not every action.
    expect(matchEntries(e, 'go to act')).toEqual([])
  })

  it('refuses to offer a rotation the KMS would refuse (disabled or pending deletion), and matches nothing for nonsense', () => {
    const e = paletteEntries(sources())
    expect(matchEntries(e, 'rotate archive')).toEqual([])
    expect(matchEntries(e, 'rotate orders')).toEqual([])
    expect(matchEntries(e, 'zzz-no-such-thing')).toEqual([])
  })

  it('limits the list so thousands of keys stay fast to render', () => {
    const keys = Array.from({ length: 500 }, (_, i) => key(`svc ${i}`, `svc-${i}`))
    expect(matchEntries(paletteEntries(sources({ keys })), 'svc')).toHaveLength(50)
  })
})

describe('the shortcut help', () => {
  it('lists every global shortcut the app handles', () => {
    const keys = SHORTCUTS.map((s) => s.keys).join(' | ')
    for (const k of ['Ctrl+K', '?', 'Alt+1', 'Ctrl+F', 'Ctrl+N', 'F5', 'Escape', 'Enter']) expect(keys).toContain(k)
  })
})
