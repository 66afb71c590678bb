import { kms } from '../kms'
import { KeysStore } from './keys-store.svelte'

/** The app's one keys store (see KeysStore); tests build their own with a fake API. */
export const keysStore = new KeysStore(kms)
