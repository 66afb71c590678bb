import { z } from 'zod'
import { ActivityEntrySchema, ActivityFilterSchema } from '../schemas/activity'
import { SettingsPatchSchema, SettingsSchema } from '../schemas/settings'
import { SavedFileSchema } from './kms'

export const activityChannels = {
  'activity:list': {
    request: ActivityFilterSchema,
    response: z.object({ entries: z.array(ActivityEntrySchema), skipped: z.number().int() })
  },
  'activity:export-csv': { request: ActivityFilterSchema, response: SavedFileSchema },
  'settings:get': { request: z.undefined(), response: SettingsSchema },
  'settings:set': { request: SettingsPatchSchema, response: SettingsSchema }
} as const
