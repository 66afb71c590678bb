/**
 * The posture rules and the names every surface shows for them (the queue, Preferences, the
 * inventory report): one list for main and renderer, free of zod so the renderer can import it.
 * docs/posture.md lists them; change a name there too.
 */
export const RULE_IDS = [
  'pending-deletion',
  'disabled-in-use',
  'rotation-overdue',
  'rotation-off',
  'imported-no-rotation',
  'not-rotated',
  'export-allowed',
  'missing-labels'
] as const
export type RuleId = (typeof RULE_IDS)[number]

export const RULE_TITLES: Record<RuleId, string> = {
  'pending-deletion': 'Pending deletion',
  'disabled-in-use': 'Disabled but still used',
  'rotation-overdue': 'Rotation overdue',
  'rotation-off': 'Rotation off',
  'imported-no-rotation': 'Imported, never rotates',
  'not-rotated': 'Not rotated for a long time',
  'export-allowed': 'Export allowed',
  'missing-labels': 'Missing required labels'
}
