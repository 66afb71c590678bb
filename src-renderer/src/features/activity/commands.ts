import type { Command } from '../../lib/stores/commands.svelte'
import type { Router } from '../../lib/stores/router.svelte'
import type { Toasts } from '../../lib/stores/toasts.svelte'
import { exportActivityCsv } from './export-csv'

/** Palette commands of the Activity screen, available from anywhere. */
export function activityCommands(app: { router: Router; toasts: Toasts }): Command[] {
  return [
    { id: 'activity-export-csv', label: 'Export activity CSV', run: () => void exportActivityCsv({}, app.toasts) },
    { id: 'activity-errors', label: 'Show failed operations', run: () => app.router.go('activity', { outcome: 'error' }) }
  ]
}
