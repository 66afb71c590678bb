import type { KmsKey } from '@contract/schemas/kms'
import type { ProfileView } from '@contract/schemas/profiles'

/** A registered command (the Commands store's shape). */
interface Command {
  id: string
  label: string
  shortcut?: string
  run: () => void
}

type EntryKind = 'Action' | 'Key' | 'Profile' | 'Region'

/** One row of the command palette: what it says, what it finds it by, and what it does. */
export interface PaletteEntry {
  id: string
  kind: EntryKind
  label: string
  /** Extra words it is found by (slug, identity), beyond the label. */
  keywords?: string
  shortcut?: string
  run: () => void
}

export interface PaletteSources {
  commands: readonly Command[]
  keys: readonly KmsKey[]
  profiles: readonly ProfileView[]
  regions: readonly { slug: string; name: string; kmsAvailable: boolean }[]
  currentRegion: string | undefined
  openKey: (k: KmsKey, action: 'open' | 'rotate') => void
  selectProfile: (id: string) => void
  setRegion: (slug: string) => void
}

/** Every palette row for the current state: actions, keys (open, rotate), profiles and regions. */
export function paletteEntries(s: PaletteSources): PaletteEntry[] {
  const actions: PaletteEntry[] = s.commands.map((c) => ({ ...c, kind: 'Action' }))
  const keys = s.keys.flatMap((k): PaletteEntry[] => {
    const open: PaletteEntry = {
      id: `key-open-${k.identity}`,
      kind: 'Key',
      label: `Open ${k.name} (${k.slug})`,
      keywords: `key ${k.identity}`,
      run: () => s.openKey(k, 'open')
    }
    // Only an active key can rotate; the palette does not offer what the KMS would refuse.
    if (k.status !== 'active') return [open]
    return [
      open,
      {
        id: `key-rotate-${k.identity}`,
        kind: 'Key',
        label: `Rotate ${k.name} (${k.slug})`,
        keywords: `key ${k.identity}`,
        run: () => s.openKey(k, 'rotate')
      }
    ]
  })
  const profiles = s.profiles.map((p): PaletteEntry => ({
    id: `profile-${p.id}`,
    kind: 'Profile',
    label: `Switch to profile ${p.name}${p.active ? ' (active)' : ''}`,
    keywords: `${p.organisation} ${p.kind}`,
    run: () => s.selectProfile(p.id)
  }))
  const regions = s.regions.map((r): PaletteEntry => ({
    id: `region-${r.slug}`,
    kind: 'Region',
    label: `Switch to region ${r.slug}${r.name !== r.slug ? ` · ${r.name}` : ''}${r.slug === s.currentRegion ? ' (current)' : ''}${r.kmsAvailable ? '' : ' – KMS unavailable'}`,
    run: () => s.setRegion(r.slug)
  }))
  return [...actions, ...keys, ...profiles, ...regions]
}

/** Every word of the query must appear in the row's label or keywords (not its kind: "act" is not "Action"). */
export function matchEntries(entries: readonly PaletteEntry[], query: string, limit = 50): PaletteEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const hits = entries.filter((e) => {
    const text = `${e.label} ${e.keywords ?? ''}`.toLowerCase()
    return words.every((w) => text.includes(w))
  })
  return hits.slice(0, limit)
}
