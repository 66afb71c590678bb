import { Action } from '@lib/stores/action.svelte'
import { permissions } from '@lib/stores/permissions.svelte'

/** One tab's call in flight: the action helper with failures kept for the tab's ErrorPanel. */
export class CallState extends Action {
  constructor() {
    super({ errors: 'panel', onerror: (e) => permissions.noteError(e) })
  }

  /** Every operation here uses a key: once the token is known not to, the buttons say so. */
  get denied(): string | undefined {
    return permissions.useBlocked
  }
}
