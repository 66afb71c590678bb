import { MAX_RECIPIENT_SETS, type RecipientSet } from '@contract/schemas/recipient-sets'
import { AppFailure } from '../kms/errors'
import type { SettingsStore } from './settings-store'

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * Named recipient sets of the Files screen, kept in the settings file. Names are unique regardless
 * of case: saving under an existing name replaces that set (the UI says so before it saves).
 */
export class RecipientSets {
  constructor(private readonly settings: SettingsStore) {}

  list(): RecipientSet[] {
    return this.settings.get().recipientSets
  }

  async save(set: RecipientSet): Promise<RecipientSet[]> {
    const seen = new Set<string>()
    const recipients = set.recipients.filter((r) => {
      const id = `${r.region}/${r.identity}`
      return seen.has(id) ? false : (seen.add(id), true)
    })
    const others = this.list().filter((s) => !same(s.name, set.name))
    if (others.length >= MAX_RECIPIENT_SETS) {
      throw new AppFailure({
        code: 'bad_input',
        message: `There are already ${MAX_RECIPIENT_SETS} saved recipient sets.`,
        hint: 'Delete a set you no longer use, then save again.'
      })
    }
    const next = [...others, { name: set.name.trim(), recipients }].sort((a, b) => a.name.localeCompare(b.name))
    return (await this.settings.set({ recipientSets: next })).recipientSets
  }

  async remove(name: string): Promise<RecipientSet[]> {
    const sets = this.list()
    if (!sets.some((s) => same(s.name, name))) {
      throw new AppFailure({
        code: 'bad_input',
        message: `No saved recipient set is named "${name}".`,
        hint: 'It may have been deleted already; the list shows the sets that exist.'
      })
    }
    return (await this.settings.set({ recipientSets: sets.filter((s) => !same(s.name, name)) })).recipientSets
  }
}
