import { exportMaterial, publicKeyVersions, requireTypedName, savePublicKey } from '../services/keys/key-actions'
import type { Core } from '../services/core'
import type { KmsKey } from '@contract/schemas/kms'
import type { Handler } from './dispatch'

/** How the activity log names a key the request only knew by id. */
const named = (k: KmsKey) => `${k.name} (${k.identity})`

export const keyHandlers = (core: Core) => {
  const ws = core.workspace
  return {
    'keys:list': (async ({ region, filter }) =>
      (await ws.client()).listKeys(region, filter)) satisfies Handler<'keys:list'>,
    'keys:get': (async ({ region, id }) => (await ws.client()).getKey(region, id)) satisfies Handler<'keys:get'>,
    'keys:create': (async ({ region, key }) =>
      ws.audited(
        'keys:create',
        { region, key: key.name, detail: key.keyType },
        (c) => c.createKey(region, key),
        named
      )) satisfies Handler<'keys:create'>,
    'keys:rotate': (async ({ region, id }) =>
      ws.audited(
        'keys:rotate',
        { region, key: id },
        (c) => c.rotate(region, id),
        named
      )) satisfies Handler<'keys:rotate'>,
    'keys:update-rotation': (async ({ region, id, rotation }) =>
      ws.audited(
        'keys:update-rotation',
        { region, key: id, detail: JSON.stringify(rotation) },
        (c) => c.updateRotation(region, id, rotation),
        named
      )) satisfies Handler<'keys:update-rotation'>,
    'keys:disable': (async ({ region, id }) =>
      ws.audited(
        'keys:disable',
        { region, key: id },
        (c) => c.disable(region, id),
        named
      )) satisfies Handler<'keys:disable'>,
    'keys:enable': (async ({ region, id }) =>
      ws.audited(
        'keys:enable',
        { region, key: id },
        (c) => c.enable(region, id),
        named
      )) satisfies Handler<'keys:enable'>,
    'keys:schedule-deletion': (async ({ region, id, confirmName }) => {
      await requireTypedName(ws, region, id, confirmName)
      return ws.audited('keys:schedule-deletion', { region, key: id }, (c) => c.scheduleDeletion(region, id), named)
    }) satisfies Handler<'keys:schedule-deletion'>,
    'keys:cancel-deletion': (async ({ region, id }) =>
      ws.audited(
        'keys:cancel-deletion',
        { region, key: id },
        (c) => c.cancelDeletion(region, id),
        named
      )) satisfies Handler<'keys:cancel-deletion'>,
    'keys:public-key': (async ({ region, id, version }) =>
      publicKeyVersions(ws, region, id, version)) satisfies Handler<'keys:public-key'>,
    'keys:save-public-key': (async (r) =>
      savePublicKey(ws, core.platform, r)) satisfies Handler<'keys:save-public-key'>,
    'keys:export-material': (async (r) =>
      exportMaterial(ws, core.platform, r)) satisfies Handler<'keys:export-material'>
  }
}
