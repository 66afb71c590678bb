export const SECTIONS = [
  { id: 'overview', label: 'Overview', key: '1' },
  { id: 'keys', label: 'Keys', key: '2' },
  { id: 'crypto', label: 'Crypto', key: '3' },
  { id: 'files', label: 'Files', key: '4' },
  { id: 'byok', label: 'BYOK', key: '5' },
  { id: 'activity', label: 'Activity', key: '6' },
  { id: 'settings', label: 'Settings', key: '7' }
] as const

export type SectionId = (typeof SECTIONS)[number]['id']
