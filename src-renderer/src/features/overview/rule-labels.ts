import { RULE_IDS, RULE_TITLES, type RuleId } from '@contract/posture-rules'

/** The rule names the queue, the filter chip and Preferences show: the contract's, as the report uses. */
export const RULE_LABELS: Record<RuleId, string> = RULE_TITLES

/** Every rule, in queue order. */
export const RULES: readonly RuleId[] = RULE_IDS
