import { keysStore } from '@lib/stores/keys'
import { KeyBrowser } from './key-browser.svelte'

/**
 * One browser for the app's lifetime, so filters, sort and the open key survive a visit to
 * another section. `handled` remembers which shortcut requests (Ctrl+F, Ctrl+N) were served:
 * a request made from another section is served when the Keys screen mounts.
 */
export const browser = new KeyBrowser(keysStore)
export const handled = $state({ search: 0, newKey: 0, key: 0, rotate: 0 })
