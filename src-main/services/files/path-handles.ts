import { randomBytes } from 'node:crypto'
import type { PathHandle } from '@contract/schemas/handles'
import { AppFailure } from '../kms/errors'

/** Which identity a file had when main validated it: a different file at the same path is refused. */
export interface FileIdentity {
  dev: number
  ino: number
}

/** What a handle may be used for; a handle of one kind is refused where another is expected. */
export type HandleKind = 'input' | 'output-folder' | 'public-key' | 'ca-bundle'

export interface HeldPath {
  kind: HandleKind
  /** As the user dropped or chose it (what outputs are named after). */
  path: string
  /** The canonical path it resolved to at validation (what a job opens, without following links). */
  real: string
  /** Inputs: the structure of a dropped folder, for an output folder. */
  relative: string
  size: number
  identity: FileIdentity
}

const MAX_HANDLES = 100_000

/**
 * Main's table of paths the user handed over by a drop or a native dialog. The renderer only ever
 * holds the random handle (128 bits), so it can name what the user chose but nothing else.
 */
export class PathHandles {
  readonly #held = new Map<string, HeldPath>()

  mint(held: HeldPath): PathHandle {
    const handle = `ph_${randomBytes(16).toString('hex')}`
    this.#held.set(handle, held)
    // Oldest first: a session that adds more than this many files loses its earliest handles.
    if (this.#held.size > MAX_HANDLES) this.#held.delete(this.#held.keys().next().value as string)
    return handle
  }

  resolve(handle: PathHandle, kind: HandleKind): HeldPath {
    const held = this.#held.get(handle)
    if (!held || held.kind !== kind)
      throw new AppFailure({
        code: 'bad_input',
        message: `This ${kind.replace('-', ' ')} is not one you dropped or chose in this session`,
        hint: 'Drop the file again, or choose it with the button.'
      })
    return held
  }

  /** Forgets every handle (tests, and the app when it closes). */
  clear(): void {
    this.#held.clear()
  }
}
