import { Action } from '@lib/stores/action.svelte'
import type { Command } from '@lib/stores/commands.svelte'
import type { Router } from '@lib/stores/router.svelte'
import type { Toasts } from '@lib/stores/toasts.svelte'
import { exportActivityCsv } from './export-csv'

/** Palette commands of the Activity screen, available from anywhere. */
export function activityCommands(app: { router: Router; toasts: Toasts }): Command[] {
  const exporting = new Action({ errors: 'toast', toasts: app.toasts })
  return [
    { id: 'activity-export-csv', label: 'Export activity CSV', run: () => void exportActivityCsv({}, exporting) },
    {
      id: 'activity-errors',
      label: 'Show failed operations',
      run: () => app.router.go('activity', { outcome: 'error' })
    }
  ]
}
