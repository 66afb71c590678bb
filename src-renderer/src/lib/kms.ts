import type { KmsApi } from '../../../src-preload/api'

declare global {
  interface Window {
    kms: KmsApi
  }
}

export type { KmsApi }
/** Result handling has no window dependency, so stores built on it run in Node tests. */
export { call, errorOf } from './call'

/** The only reader of window.kms in the renderer; stores take it in their constructor. */
export const kms: KmsApi = window.kms
