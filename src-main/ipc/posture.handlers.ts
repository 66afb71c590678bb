import type { Core } from '../services/core'
import {
  inventoryReport,
  postureOverview,
  renderReport,
  reportFileName,
  type ReminderNotifier
} from '../services/posture'
import { chooseSaveTarget, writeSaveTarget } from '../services/shared/save-target'
import type { Handler } from './dispatch'

/** Posture overview, inventory export and the local index; `reminders` hears of every fresh key list. */
export const postureHandlers = (core: Core, reminders?: ReminderNotifier) => ({
  'posture:overview': (async (scope) => {
    const r = await postureOverview(core, scope)
    void reminders?.run(r.run.gathered.sets).catch(() => undefined)
    const { regions, errors } = r.run.gathered
    return {
      generatedAt: r.run.generatedAt,
      findings: r.findings,
      byRule: r.byRule,
      keysChecked: r.keysChecked,
      keysWithFindings: r.keysWithFindings,
      regions,
      errors
    }
  }) satisfies Handler<'posture:overview'>,
  'posture:export-report': (async ({ format, ...scope }) => {
    const report = await inventoryReport(core, scope)
    const target = await chooseSaveTarget(core.platform, {
      title: 'Export the key inventory',
      defaultName: reportFileName(report, format)
    })
    if (!target) return { cancelled: true }
    await writeSaveTarget(target, renderReport(report, format), 0o600)
    return { cancelled: false, path: target.path }
  }) satisfies Handler<'posture:export-report'>,
  'index:key-usage': (async ({ region, identity }) => {
    const files = core.localIndex.filesUsingKey(region, identity)
    return {
      count: files.length,
      files: files.slice(0, 20).map(({ path, size, mtimeMs }) => ({ path, size, mtimeMs })),
      watched: core.localIndex.watchList()
    }
  }) satisfies Handler<'index:key-usage'>,
  'index:add-watch': (async () => {
    const [folder] = await core.platform.chooseOpenPaths({
      title: 'Watch a folder for encrypted files',
      directories: true
    })
    if (!folder) return { cancelled: true }
    const r = await core.localIndex.addWatch(folder)
    return { cancelled: false, folder: r.folder, indexed: r.indexed, unreadable: r.unreadable.length }
  }) satisfies Handler<'index:add-watch'>,
  'index:rescan': (async () => {
    // Through the automatic rescan's queue: never in parallel with a rescan it is already running.
    const results = await core.indexRescan.rescanAll()
    return { indexed: results.reduce((n, r) => n + ('indexed' in r ? r.indexed : 0), 0), folders: results.length }
  }) satisfies Handler<'index:rescan'>,
  'index:watched': (async () => ({
    watched: core.localIndex.watchList(),
    files: core.localIndex.list().length
  })) satisfies Handler<'index:watched'>,
  'index:remove-watch': (async ({ folder }) => {
    await core.localIndex.removeWatch(folder)
    return { watched: core.localIndex.watchList() }
  }) satisfies Handler<'index:remove-watch'>
})
