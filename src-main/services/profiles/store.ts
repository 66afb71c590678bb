import { readFile, rename } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  ProfileInputSchema,
  ProfilePatchSchema,
  ProfileSchema,
  SANDBOX_PROFILE_ID,
  type Profile,
  type ProfileInput,
  type ProfilePatch
} from '@contract/schemas/profiles'
import type { AppError } from '@contract/errors'
import { AppFailure } from '../kms/errors'
import { parseEndpoint } from '../kms/transport'
import { writeFileAtomic } from '../../common/atomic-file'

const PROFILES_FILE_VERSION = 1
const ProfilesFileSchema = z.object({
  version: z.literal(PROFILES_FILE_VERSION),
  activeProfileId: z.string().optional(),
  profiles: z.array(ProfileSchema.extend({ kind: z.literal('cloud') }))
})
export type ProfilesFile = z.infer<typeof ProfilesFileSchema>

export type LoadReport =
  | { status: 'ok' | 'new' }
  /** The file could not be read: it was moved aside (never deleted) and the store starts empty. */
  | { status: 'recovered'; movedTo: string; error: AppError }
  /** Written by a newer version: left in place untouched, and the store refuses to write. */
  | { status: 'read-only'; error: AppError }

export interface ProfileStoreOptions {
  file: string
  /** Filled at runtime once the embedded sandbox listens (e.g. http://127.0.0.1:43123). */
  sandboxEndpoint?: string
  now?: () => Date
}

const fail = (code: AppError['code'], message: string, hint: string, field?: string): AppFailure =>
  new AppFailure({ code, message, hint, ...(field ? { field } : {}) })

/** The built-in, read-only profile for the local sandbox (documented local test credentials). */
function sandboxProfile(endpoint: string): Profile {
  return {
    id: SANDBOX_PROFILE_ID,
    name: 'Local sandbox',
    kind: 'sandbox',
    endpoint,
    organisation: 'sandbox',
    auth: { kind: 'pat' },
    environment: 'sandbox',
    createdAt: '1970-01-01T00:00:00.000Z',
    updatedAt: '1970-01-01T00:00:00.000Z'
  }
}

function checkInput(p: Pick<Profile, 'endpoint'>): void {
  try {
    parseEndpoint(p.endpoint)
  } catch (e) {
    if (e instanceof AppFailure) throw e
    throw fail('bad_input', 'Invalid API endpoint', 'Enter a URL such as https://api.thalassa.cloud.', 'endpoint')
  }
}

function zodFailure(err: z.ZodError): AppFailure {
  const i = err.issues[0]
  const field = i?.path.join('.') || 'profile'
  return fail(
    'bad_input',
    `Invalid profile: ${field}: ${i?.message ?? 'invalid'}`,
    `Correct the ${field} field and try again.`,
    field
  )
}

/** Connection profiles in one versioned JSON file; writes are atomic and serialised. */
export class ProfileStore {
  readonly #file: string
  readonly #now: () => Date
  #sandboxEndpoint: string
  #data: ProfilesFile = { version: PROFILES_FILE_VERSION, profiles: [] }
  #readOnly: AppError | undefined
  #pinned: string | undefined
  #ephemeral: Profile | undefined
  #queue: Promise<unknown> = Promise.resolve()

  constructor(o: ProfileStoreOptions) {
    this.#file = o.file
    this.#now = o.now ?? (() => new Date())
    this.#sandboxEndpoint = o.sandboxEndpoint ?? 'http://127.0.0.1:0'
  }

  setSandboxEndpoint(url: string): void {
    this.#sandboxEndpoint = url
  }

  async load(): Promise<LoadReport> {
    let text: string
    try {
      text = await readFile(this.#file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'new' }
      throw fail(
        'io',
        `Could not read the profiles file ${this.#file}`,
        'Check the permissions of the app data folder.'
      )
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return this.#moveAside('it is not valid JSON')
    }
    const version = (json as { version?: unknown } | null)?.version
    if (typeof version === 'number' && version > PROFILES_FILE_VERSION) {
      this.#readOnly = {
        code: 'config_corrupt',
        message: `The profiles file was written by a newer version of the app (format ${version})`,
        hint: 'Update Thalassa KMS Desktop; profiles are read-only until then so nothing is lost.'
      }
      return { status: 'read-only', error: this.#readOnly }
    }
    const parsed = ProfilesFileSchema.safeParse(json)
    if (!parsed.success) return this.#moveAside(`field ${parsed.error.issues[0]?.path.join('.') || '?'} is invalid`)
    this.#data = parsed.data
    return { status: 'ok' }
  }

  async #moveAside(why: string): Promise<LoadReport> {
    const movedTo = `${this.#file}.corrupt-${this.#now().toISOString().replace(/[:.]/g, '-')}`
    await rename(this.#file, movedTo)
    return {
      status: 'recovered',
      movedTo,
      error: {
        code: 'config_corrupt',
        message: `The profiles file could not be read (${why}); it was moved to ${movedTo}`,
        hint: 'Your profiles start empty. Recreate them or repair the moved file; secrets in the keychain are untouched.'
      }
    }
  }

  list(): Profile[] {
    return [
      sandboxProfile(this.#sandboxEndpoint),
      ...this.#data.profiles,
      ...(this.#ephemeral ? [this.#ephemeral] : [])
    ]
  }

  /** A profile for this process only (the CLI's `env` profile): listed and usable, never saved. */
  useEphemeral(p: Profile): void {
    this.#ephemeral = p
  }

  /** Whether any Thalassa Cloud profile is saved (the built-in sandbox does not count). */
  hasSaved(): boolean {
    return this.#data.profiles.length > 0
  }

  get(id: string): Profile {
    const p = this.list().find((x) => x.id === id)
    if (!p) throw fail('profile_not_found', `No profile with id ${id}`, 'Pick a profile from the list.')
    return p
  }

  /**
   * Use a profile (id or name, case-insensitive) as the active one for this process only, without
   * saving it (the CLI's --profile). Unknown names are refused.
   */
  pin(idOrName: string): Profile {
    const wanted = idOrName.toLowerCase()
    const p = this.list().find((x) => x.id === idOrName) ?? this.list().find((x) => x.name.toLowerCase() === wanted)
    if (!p)
      throw fail(
        'profile_not_found',
        `No profile named "${idOrName}"`,
        'List the profiles with "tkms profiles list" and use one of their names or ids.'
      )
    this.#pinned = p.id
    return p
  }

  /** The selected profile, or the sandbox when none (or a deleted one) is selected. */
  active(): Profile {
    const id = this.#pinned ?? this.#data.activeProfileId
    return this.list().find((p) => p.id === id) ?? this.get(SANDBOX_PROFILE_ID)
  }

  create(input: ProfileInput): Promise<Profile> {
    return this.#mutate(() => {
      const r = ProfileInputSchema.safeParse(input)
      if (!r.success) throw zodFailure(r.error)
      const at = this.#now().toISOString()
      const p: Profile = { ...r.data, id: randomUUID(), kind: 'cloud', createdAt: at, updatedAt: at }
      checkInput(p)
      this.#uniqueName(p.name)
      this.#data.profiles.push(p as ProfilesFile['profiles'][number])
      return p
    })
  }

  update(id: string, patch: ProfilePatch): Promise<Profile> {
    return this.#mutate(() => {
      const cur = this.#writable(id)
      const r = ProfilePatchSchema.safeParse(patch)
      if (!r.success) throw zodFailure(r.error)
      const next = { ...cur } as Record<string, unknown>
      for (const [k, v] of Object.entries(r.data)) {
        if (v === null) delete next[k]
        else if (v !== undefined) next[k] = v
      }
      next.updatedAt = this.#now().toISOString()
      const p = ProfileSchema.parse(next)
      checkInput(p)
      if (p.name.toLowerCase() !== cur.name.toLowerCase()) this.#uniqueName(p.name)
      this.#data.profiles = this.#data.profiles.map((x) => (x.id === id ? (p as typeof x) : x))
      return p
    })
  }

  delete(id: string): Promise<void> {
    return this.#mutate(() => {
      this.#writable(id)
      this.#data.profiles = this.#data.profiles.filter((x) => x.id !== id)
      if (this.#data.activeProfileId === id) delete this.#data.activeProfileId
    })
  }

  setActive(id: string): Promise<Profile> {
    return this.#mutate(() => {
      const p = this.get(id)
      this.#refuseEphemeral(id)
      this.#data.activeProfileId = id
      return p
    })
  }

  #writable(id: string): Profile {
    if (id === SANDBOX_PROFILE_ID)
      throw fail(
        'bad_input',
        'The Local sandbox profile is built in and cannot be changed',
        'Create a new profile for Thalassa Cloud instead.'
      )
    this.#refuseEphemeral(id)
    return this.get(id)
  }

  #refuseEphemeral(id: string): void {
    if (id === this.#ephemeral?.id)
      throw fail(
        'bad_input',
        `The "${this.#ephemeral.name}" profile comes from this process's THALASSA_* variables and is never saved`,
        'Pass --profile with its name for each command, or change the variables; save a profile with "tkms profiles add" instead.'
      )
  }

  #uniqueName(name: string): void {
    if (this.list().some((p) => p.name.toLowerCase() === name.toLowerCase()))
      throw fail('exists', `A profile named "${name}" already exists`, 'Choose another name.', 'name')
  }

  /** Apply a change to a copy, persist it, then commit it in memory; one change at a time. */
  #mutate<T>(fn: () => T): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.#readOnly) throw new AppFailure(this.#readOnly)
      const before = structuredClone(this.#data)
      try {
        const out = fn()
        await writeFileAtomic(this.#file, JSON.stringify(this.#data, null, 2) + '\n')
        return out
      } catch (e) {
        this.#data = before
        if (e instanceof AppFailure) throw e
        throw fail(
          'io',
          `Could not save the profiles file ${this.#file}`,
          'Check the free space and permissions of the app data folder.'
        )
      }
    }
    const p = this.#queue.then(run, run)
    this.#queue = p.catch(() => undefined)
    return p
  }
}
