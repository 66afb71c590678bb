import { constants } from 'node:fs'
import { access, lstat, open, readdir, realpath, stat } from 'node:fs/promises'
import { basename, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path'
import type { AppError } from '@contract/errors'
import type { RefusedPath } from '@contract/schemas/files'
import { AppFailure, errnoOf } from '../shared/errors'
import { MAGIC } from '../file-format/header'
import { TEMP_MARKER } from './output-target'
import type { FileIdentity } from './path-handles'

/** A file main accepted, with the identity it had then (see PathValidator.recheck). */
export interface ValidatedFile {
  path: string
  /** The canonical path it resolved to (what a job opens, without following links). */
  real: string
  relative: string
  size: number
  encrypted: boolean
  identity: FileIdentity
}

export interface Expanded {
  entries: ValidatedFile[]
  refused: RefusedPath[]
}

/**
 * Main re-validates every path the renderer hands over (dropped or picked): only readable regular
 * files, never the application's own data folder, and inside a dropped folder never a symbolic
 * link that leads out of it. Folders expand to their files with paths relative to the drop.
 */
export interface PathPolicy {
  /** The app's data folder (profiles, activity log, sandbox state): never an input or output. */
  dataDir: string
  /** Most files one request may expand to. */
  maxFiles?: number
  /** Readability probe; tests replace it because root can read anything. */
  canRead?: (path: string) => Promise<void>
}

const DEFAULT_MAX_FILES = 10_000
const MAX_DEPTH = 64
const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin'

function fail(code: AppError['code'], message: string, hint?: string): AppFailure {
  return new AppFailure({ code, message, ...(hint ? { hint } : {}) })
}

export function isInside(parent: string, child: string): boolean {
  const p = caseInsensitive ? parent.toLowerCase() : parent
  const c = caseInsensitive ? child.toLowerCase() : child
  const rel = relative(p, c)
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

async function realOrSelf(p: string): Promise<string> {
  return realpath(p).catch(() => resolve(p))
}

function ioFailure(e: unknown, path: string): AppFailure {
  const code = errnoOf(e)
  if (code === 'ENOENT') return fail('io', `${path} does not exist`, 'It may have been moved or deleted; add it again.')
  if (code === 'EACCES' || code === 'EPERM')
    return fail('io', `${path} is not readable (permission denied)`, 'Check the file permissions.')
  if (code === 'ELOOP') return fail('bad_input', `${path} is a symbolic link loop`)
  return fail('io', `${path} cannot be read (${code || 'unknown error'})`)
}

function assertAbsolute(path: string, what = 'path'): string {
  if (!path || /[\u0000]/.test(path) || !isAbsolute(path))
    throw fail('bad_input', `The ${what} "${path.slice(0, 200)}" is not an absolute path`)
  return normalize(path)
}

/** Stops a whole expansion (unlike a single unreadable file, which is only listed). */
class TooManyFiles extends AppFailure {
  constructor(max: number) {
    super({
      code: 'bad_input',
      message: `More than ${max} files at once`,
      hint: 'Add fewer files or a smaller folder at a time.'
    })
  }
}

export class PathValidator {
  readonly #dataDir: Promise<string>
  readonly #max: number
  readonly #canRead: (p: string) => Promise<void>

  constructor(policy: PathPolicy) {
    this.#dataDir = realOrSelf(resolve(policy.dataDir))
    this.#max = policy.maxFiles ?? DEFAULT_MAX_FILES
    this.#canRead = policy.canRead ?? ((p) => access(p, constants.R_OK))
  }

  async #assertNotAppData(real: string, shown: string): Promise<void> {
    if (isInside(await this.#dataDir, real)) {
      throw fail(
        'bad_input',
        `${shown} is part of the application's own data folder`,
        'Files of the app itself (profiles, activity log, sandbox state) cannot be processed; choose your own files.'
      )
    }
  }

  /** One input file for a job: regular, readable, not app data. Returns the normalised path, size and identity. */
  async file(path: string): Promise<{ path: string; real: string; size: number; identity: FileIdentity }> {
    const p = assertAbsolute(path)
    const real = await realpath(p).catch((e: unknown) => {
      throw ioFailure(e, p)
    })
    await this.#assertNotAppData(real, p)
    const st = await stat(real).catch((e: unknown) => {
      throw ioFailure(e, p)
    })
    if (!st.isFile())
      throw fail(
        'bad_input',
        `${p} is not a regular file`,
        st.isDirectory()
          ? 'Add the folder itself to process the files in it.'
          : 'Devices, pipes and sockets cannot be processed.'
      )
    await this.#canRead(real).catch((e: unknown) => {
      throw ioFailure(e, p)
    })
    return { path: p, real, size: st.size, identity: { dev: st.dev, ino: st.ino } }
  }

  /** An output folder: an existing folder outside the app's data. */
  async folder(path: string): Promise<{ path: string; real: string; identity: FileIdentity }> {
    const p = assertAbsolute(path, 'output folder')
    const real = await realpath(p).catch((e: unknown) => {
      throw ioFailure(e, p)
    })
    await this.#assertNotAppData(real, p)
    const st = await stat(real)
    if (!st.isDirectory()) throw fail('bad_input', `${p} is not a folder`)
    return { path: p, real, identity: { dev: st.dev, ino: st.ino } }
  }

  /**
   * Right before a job uses a path: it must still lead, outside the app's data, to the very file or
   * folder that was validated. A file replaced or a link swapped in since is refused.
   */
  async recheck(path: string, identity: FileIdentity, what: 'file' | 'folder' = 'file'): Promise<void> {
    const real = await realpath(path).catch((e: unknown) => {
      throw ioFailure(e, path)
    })
    await this.#assertNotAppData(real, path)
    const st = await stat(real).catch((e: unknown) => {
      throw ioFailure(e, path)
    })
    if (st.dev !== identity.dev || st.ino !== identity.ino || (what === 'folder' ? !st.isDirectory() : !st.isFile()))
      throw fail(
        'bad_input',
        `${path} is no longer the ${what} you added: it was replaced or redirected since`,
        `Add the ${what} again if you still mean to process it.`
      )
  }

  /** Expands dropped or picked paths: files as they are, folders recursively. Problems are listed, not thrown. */
  async expand(paths: readonly string[]): Promise<Expanded> {
    const entries: ValidatedFile[] = []
    const refused: RefusedPath[] = []
    const refuse = (path: string, e: unknown) =>
      refused.push({
        path,
        error: e instanceof AppFailure ? e.appError : { code: 'io', message: `${path} cannot be read` }
      })
    for (const raw of paths) {
      try {
        const p = assertAbsolute(raw)
        const st = await lstat(p).catch((e: unknown) => {
          throw ioFailure(e, p)
        })
        const isDir =
          st.isDirectory() || (st.isSymbolicLink() && (await stat(p).catch(() => undefined))?.isDirectory() === true)
        if (isDir) {
          const root = await realpath(p)
          await this.#assertNotAppData(root, p)
          await this.#walk({ root, dir: p, rel: basename(p), depth: 0, entries, refuse })
        } else {
          const f = await this.file(p)
          this.#push(entries, { ...f, relative: basename(f.path), encrypted: await sniff(f.path) })
        }
      } catch (e) {
        refuse(raw, e)
      }
    }
    return { entries, refused }
  }

  #push(entries: ValidatedFile[], e: ValidatedFile): void {
    if (entries.length >= this.#max) throw new TooManyFiles(this.#max)
    entries.push(e)
  }

  async #walk(w: {
    root: string
    dir: string
    rel: string
    depth: number
    entries: ValidatedFile[]
    refuse: (p: string, e: unknown) => void
  }): Promise<void> {
    if (w.depth > MAX_DEPTH) throw fail('bad_input', `${w.dir} is nested too deeply (more than ${MAX_DEPTH} levels)`)
    const names = (await readdir(w.dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0
    )
    for (const d of names) {
      // An output an interrupted run never finished (killed between write and rename): not an input.
      if (d.name.startsWith('.') && d.name.includes(TEMP_MARKER)) continue
      const path = join(w.dir, d.name)
      const rel = `${w.rel}/${d.name}`
      try {
        if (d.isSymbolicLink()) {
          const target = await realpath(path).catch((e: unknown) => {
            throw ioFailure(e, path)
          })
          if (!isInside(w.root, target))
            throw fail(
              'bad_input',
              `${path} is a symbolic link that leads outside the dropped folder`,
              'Add the file it points to directly if you mean to process it.'
            )
          if ((await stat(target)).isDirectory())
            throw fail('bad_input', `${path} is a symbolic link to a folder and is not followed`)
        } else if (d.isDirectory()) {
          await this.#assertNotAppData(await realOrSelf(path), path)
          await this.#walk({ ...w, dir: path, rel, depth: w.depth + 1 })
          continue
        }
        const f = await this.file(path)
        this.#push(w.entries, { ...f, relative: rel, encrypted: await sniff(f.path) })
      } catch (e) {
        if (e instanceof TooManyFiles) throw e
        w.refuse(path, e)
      }
    }
  }
}

/** Whether a file starts with the magic bytes of the encrypted format (a hint for the UI only). */
async function sniff(path: string): Promise<boolean> {
  try {
    const h = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    try {
      const buf = Buffer.alloc(MAGIC.length)
      const { bytesRead } = await h.read(buf, 0, buf.length, 0)
      return bytesRead === MAGIC.length && buf.equals(MAGIC)
    } finally {
      await h.close()
    }
  } catch {
    return false
  }
}

/**
 * A relative path from the renderer (the structure of a dropped folder): only plain segments,
 * so an output can never leave the chosen output folder. Falls back to the file name.
 */
export function safeRelative(rel: string | undefined, path: string): string {
  if (!rel) return basename(path)
  const parts = rel.split(/[\\/]+/).filter((s) => s.length > 0)
  const bad = process.platform === 'win32' ? /[\u0000-\u001f:]/ : /[\u0000-\u001f]/
  const ok = parts.length > 0 && parts.every((s) => s !== '.' && s !== '..' && !bad.test(s))
  return ok && !isAbsolute(rel) ? parts.join('/') : basename(path)
}
