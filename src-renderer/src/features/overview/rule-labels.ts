import type { RuleId } from '../../../../src-preload/contract/schemas/posture'

/** The rule names the queue, the filter chip and Preferences show (docs/posture.md lists them). */
export const RULE_LABELS: Record<RuleId, string> = {
  'pending-deletion': 'Pending deletion',
  'disabled-in-use': 'Disabled but still used',
  'rotation-overdue': 'Rotation overdue',
  'rotation-off': 'Rotation off',
  'imported-no-rotation': 'Imported, never rotates',
  'not-rotated': 'Not rotated for a long time',
  'export-allowed': 'Export allowed',
  'missing-labels': 'Missing required labels'
}

/** Every rule, in queue order. */
export const RULES = Object.keys(RULE_LABELS) as RuleId[]
