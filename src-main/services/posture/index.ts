/** Key posture: rules over key lists (pure, Electron-free), shared by the app, the report and the CLI. */
export { computePosture, NO_USAGE, type ComputeOptions } from './compute'
export { daysUntil, deletionFinal, latestVersionTime, nextRotationDue } from './dates'
export { DEFAULT_POSTURE_SETTINGS, PostureSettingsSchema, RULE_IDS, type PostureSettings, type RuleId } from './settings'
export { RULE_TITLES, type Finding, type PostureResult, type RegionKeys, type Severity, type UsageSource } from './types'
export { activityUsage } from './usage'
