import type { AppError } from '@contract/errors'
import type { Permissions } from '@contract/schemas/permissions'
import { call, kms } from '../kms'

const UNKNOWN: Permissions = { change: 'unknown', use: 'unknown' }

/**
 * What the active token may do here, as main learnt it from the API's answers. Screens read
 * `changeBlocked` to render write actions disabled with the reason.
 */
class PermissionView {
  current = $state<Permissions>(UNKNOWN)
  #seq = 0

  changeBlocked = $derived(
    this.current.change === 'denied' ? (this.current.changeReason ?? 'Your token cannot change keys here.') : undefined
  )
  useBlocked = $derived(
    this.current.use === 'denied' ? (this.current.useReason ?? 'Your token cannot use keys here.') : undefined
  )

  async refresh(region?: string): Promise<void> {
    const seq = ++this.#seq
    const p = await call(kms.permissions.get(region ? { region } : undefined)).catch(() => UNKNOWN)
    if (seq === this.#seq) this.current = p
  }

  /** After a failed call: a "no write access" answer changes what is allowed, so ask main again. */
  noteError(e: AppError, region?: string): void {
    if (e.code === 'no_write_access') void this.refresh(region)
  }
}

export const permissions = new PermissionView()
