import { chooseSaveTarget, writeSaveTarget } from '../services/shared/save-target'
import { activityCsv } from '../services/audit/activity-log'
import type { Core } from '../services/core'
import type { Handler } from './dispatch'

export const activityHandlers = (core: Core) => ({
  'activity:list': (async (filter) => core.activity.list(filter)) satisfies Handler<'activity:list'>,
  'activity:export-csv': (async (filter) => {
    const target = await chooseSaveTarget(core.platform, {
      title: 'Export activity as CSV',
      defaultName: `kms-activity-${new Date().toISOString().slice(0, 10)}.csv`
    })
    if (!target) return { cancelled: true }
    const { entries } = await core.activity.list(filter)
    await writeSaveTarget(target, activityCsv(entries), 0o600)
    return { cancelled: false, path: target.path }
  }) satisfies Handler<'activity:export-csv'>,
  'settings:get': (async () => core.settings.get()) satisfies Handler<'settings:get'>,
  'settings:set': (async (patch) => core.settings.set(patch)) satisfies Handler<'settings:set'>
})
