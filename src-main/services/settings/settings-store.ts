import { readFile } from 'node:fs/promises'
import { SettingsSchema, type Settings, type SettingsPatch } from '@contract/schemas/settings'
import { writeFileAtomic } from '../../common/atomic-file'

/** User preferences in a small zod-validated JSON file; an unreadable file falls back to defaults without being overwritten until the next change. */
export class SettingsStore {
  #current: Settings = SettingsSchema.parse({})

  constructor(readonly file: string) {}

  async load(): Promise<Settings> {
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(await readFile(this.file, 'utf8')))
      if (parsed.success) this.#current = parsed.data
    } catch {
      // Missing or damaged: defaults apply; nothing is written until the user changes a setting.
    }
    return this.#current
  }

  get(): Settings {
    return this.#current
  }

  /** The window's patch (settings:set), or main's own change of the recipient sets (recipients:* channels). */
  async set(patch: SettingsPatch & Partial<Pick<Settings, 'recipientSets'>>): Promise<Settings> {
    // Nested groups merge too: changing one posture threshold keeps the others.
    this.#current = SettingsSchema.parse({
      ...this.#current,
      ...patch,
      posture: { ...this.#current.posture, ...patch.posture }
    })
    await writeFileAtomic(this.file, JSON.stringify(this.#current, null, 2) + '\n')
    return this.#current
  }
}
