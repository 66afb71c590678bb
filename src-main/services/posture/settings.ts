/** The settings live in the contract (Preferences edits them); the core reads them from there. */
export {
  DEFAULT_POSTURE_SETTINGS,
  RULE_IDS,
  RULE_TITLES,
  type PostureSettings,
  type RuleId
} from '@contract/schemas/posture'
