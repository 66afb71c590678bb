import type { ChannelName } from './channels'
import type { EventName } from './events'

/**
 * Every channel and event name, zod-free, for the sandboxed preload: it needs the names only, and
 * main parses every payload anyway. The type checks below fail when channels.ts or events.ts
 * gain or lose a name that is not mirrored here.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'profiles:list',
  'profiles:create',
  'profiles:update',
  'profiles:pick-ca-bundle',
  'profiles:delete',
  'profiles:set-secret',
  'profiles:test-connection',
  'profiles:select-active',
  'profiles:import-tcloud',
  'files:prewarm',
  'files:drop',
  'files:pick',
  'files:start',
  'files:jobs',
  'files:cancel',
  'files:cancel-all',
  'files:clear-finished',
  'files:show-in-folder',
  'scope:get',
  'scope:set',
  'kms:summary',
  'kms:projects',
  'keys:list',
  'keys:get',
  'keys:create',
  'keys:rotate',
  'keys:update-rotation',
  'keys:disable',
  'keys:enable',
  'keys:schedule-deletion',
  'keys:cancel-deletion',
  'keys:public-key',
  'keys:save-public-key',
  'keys:export-material',
  'crypto:encrypt',
  'crypto:decrypt',
  'crypto:sign',
  'crypto:verify',
  'crypto:hmac',
  'crypto:verify-hmac',
  'clipboard:copy',
  'activity:list',
  'activity:export-csv',
  'settings:get',
  'settings:set',
  'byok:options',
  'byok:fetch-wrapping-key',
  'byok:save-wrapping-key',
  'byok:load-wrapping-key',
  'byok:generate-material',
  'byok:load-material',
  'byok:discard-material',
  'byok:save-backup',
  'byok:write-bundle',
  'byok:load-bundle',
  'byok:import-bundle',
  'byok:import-now',
  'permissions:get',
  'sandbox:seed-samples',
  'keys:certificate',
  'bulk:plan',
  'bulk:start',
  'bulk:cancel',
  'reencrypt:pick-folder',
  'reencrypt:find',
  'reencrypt:start',
  'reencrypt:cancel',
  'reencrypt:jobs',
  'reencrypt:resume',
  'reencrypt:discard',
  'recipients:list-sets',
  'recipients:save-set',
  'recipients:delete-set',
  'reports:export-verification',
  'posture:overview',
  'posture:export-report',
  'index:key-usage',
  'index:add-watch',
  'index:rescan',
  'index:watched',
  'index:remove-watch'
] as const satisfies readonly ChannelName[]

export const EVENT_NAMES = [
  'job:updates',
  'profiles:changed',
  'bulk:progress',
  'bulk:done',
  'reencrypt:progress',
  'reencrypt:done'
] as const satisfies readonly EventName[]

/**
 * Channels only the preload calls, never exposed to the window as taking strings: the renderer
 * hands over dropped File objects, and the preload turns each into its path (webUtils.getPathForFile).
 */
export const PRELOAD_ONLY_CHANNELS = ['files:drop'] as const satisfies readonly ChannelName[]
export type PreloadOnlyChannel = (typeof PRELOAD_ONLY_CHANNELS)[number]

// Exhaustiveness: each alias is `true` only when no name is missing from the lists above.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>
const _CHANNELS_COMPLETE: Missing<ChannelName, (typeof CHANNEL_NAMES)[number]> = true
const _EVENTS_COMPLETE: Missing<EventName, (typeof EVENT_NAMES)[number]> = true
