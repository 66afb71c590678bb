import { stat } from 'node:fs/promises'
import type { ProfileFormPatch, ProfileInput, ProfilePatch } from '@contract/schemas/profiles'
import type { Core } from '../services/core'
import type { PathHandles } from '../services/files/path-handles'
import { readCaBundle } from '../services/profiles/ca-bundle'
import type { Handler } from './dispatch'

export const profileHandlers = (core: Core, handles: PathHandles) => {
  /** A CA bundle arrives as a handle from profiles:pick-ca-bundle, never as a path from the window. */
  const caPath = (handle: string) => handles.resolve(handle, 'ca-bundle').path
  const patchOf = ({ caBundle, ...rest }: ProfileFormPatch): ProfilePatch =>
    caBundle === undefined ? rest : { ...rest, caBundlePath: caBundle === null ? null : caPath(caBundle) }
  return {
    'profiles:list': (async () => core.profiles.list()) satisfies Handler<'profiles:list'>,
    'profiles:create': (async ({ profile: { caBundle, ...profile }, secret }) => {
      const input: ProfileInput = caBundle ? { ...profile, caBundlePath: caPath(caBundle) } : profile
      return core.profiles.create(input, secret)
    }) satisfies Handler<'profiles:create'>,
    'profiles:update': (async ({ id, patch }) => {
      // Another endpoint or credential is another token: what the old one could do no longer holds.
      core.workspace.permissions.forgetProfile(id)
      return core.profiles.update(id, patchOf(patch))
    }) satisfies Handler<'profiles:update'>,
    'profiles:pick-ca-bundle': (async () => {
      const [path] = await core.platform.chooseOpenPaths({ title: 'Choose a CA bundle (PEM certificates)' })
      if (!path) return { cancelled: true }
      // Checked now, so the user sees what the profile would trust before saving it.
      const { certificates } = await readCaBundle(path)
      const st = await stat(path)
      const handle = handles.mint({
        kind: 'ca-bundle',
        path,
        real: path,
        relative: path,
        size: st.size,
        identity: { dev: st.dev, ino: st.ino }
      })
      return { cancelled: false, handle, path, certificates }
    }) satisfies Handler<'profiles:pick-ca-bundle'>,
    'profiles:delete': (async ({ id }) => {
      await core.profiles.delete(id)
      core.workspace.reset()
      return { deleted: true }
    }) satisfies Handler<'profiles:delete'>,
    'profiles:set-secret': (async ({ id, secret }) => {
      core.workspace.permissions.forgetProfile(id)
      return core.profiles.setSecret(id, secret)
    }) satisfies Handler<'profiles:set-secret'>,
    'profiles:test-connection': (async ({ id }) =>
      core.profiles.testConnection(id)) satisfies Handler<'profiles:test-connection'>,
    'profiles:select-active': (async ({ id }, ctx) => {
      const view = await core.profiles.selectActive(id)
      core.workspace.reset()
      ctx.emit('profiles:changed', { activeId: id })
      return view
    }) satisfies Handler<'profiles:select-active'>,
    'profiles:import-tcloud': (async ({ includeEnv }) =>
      core.profiles.importTcloud(core.env, core.home, { includeEnv })) satisfies Handler<'profiles:import-tcloud'>
  }
}
