import { lstat } from 'node:fs/promises'
import { AppFailure, errnoOf } from './errors'
import type { Platform } from '../platform'
import { writeFileAtomic } from '../../common/atomic-file'

/** Where the user chose to save, and whether a file there was confirmed for replacement. */
export interface SaveTarget {
  path: string
  replace: boolean
}

/**
 * A native save dialog. It asks before an existing file may be chosen, so a file at the chosen path
 * now is one the user agreed to replace; a file that appears there later is never replaced.
 */
export async function chooseSaveTarget(
  platform: Pick<Platform, 'chooseSavePath'>,
  o: { title: string; defaultName: string }
): Promise<SaveTarget | undefined> {
  const path = await platform.chooseSavePath(o)
  if (!path) return undefined
  return {
    path,
    replace: await lstat(path).then(
      () => true,
      () => false
    )
  }
}

/** Writes the chosen file atomically; errors say what happened to the target (it is never left half-written). */
export async function writeSaveTarget(target: SaveTarget, data: string | Uint8Array, mode: number): Promise<void> {
  try {
    await writeFileAtomic(target.path, data, { mode, overwrite: target.replace, createDir: false })
  } catch (e) {
    const code = errnoOf(e)
    if (code === 'EEXIST')
      throw new AppFailure({
        code: 'exists',
        message: `${target.path} appeared after it was chosen; it was left untouched`,
        hint: 'Save again and confirm replacing it, or choose another name.'
      })
    throw new AppFailure({
      code: 'io',
      message: `Could not write ${target.path} (${code || 'error'}); nothing was written there`,
      hint: 'Check the folder exists, is writable and has free space.'
    })
  }
}
