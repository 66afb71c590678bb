import type { Command } from '@lib/stores/commands.svelte'
import type { Router } from '@lib/stores/router.svelte'

/** Palette commands of the Crypto screen, available from anywhere. */
export function cryptoCommands(app: { router: Router }): Command[] {
  return [
    { id: 'crypto-encrypt', label: 'Encrypt text', run: () => app.router.go('crypto', { op: 'encrypt' }) },
    { id: 'crypto-decrypt', label: 'Decrypt text', run: () => app.router.go('crypto', { op: 'encrypt' }) },
    { id: 'crypto-sign', label: 'Sign or verify text', run: () => app.router.go('crypto', { op: 'sign' }) },
    { id: 'crypto-hmac', label: 'Compute or verify an HMAC', run: () => app.router.go('crypto', { op: 'hmac' }) }
  ]
}
