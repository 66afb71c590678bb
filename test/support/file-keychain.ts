import { readFile, writeFile } from 'node:fs/promises'
import type { SecretBackend } from '../../src-main/services/credentials/store'

/**
 * TEST ONLY: the keychain as a JSON file (account → secret), the same file and format as the
 * stand-in that spawned CLI runs load (test/unit/main/cli/file-keyring.cjs), so both kinds of run
 * can share a data folder. No file named: every call fails, as the spawned stand-in does.
 */
export function fileKeychain(file: string | undefined): SecretBackend {
  const path = (): string => {
    if (!file) throw new Error('TKMS_TEST_KEYCHAIN_FILE must name the stand-in keychain file')
    return file
  }
  const read = async (): Promise<Record<string, string>> => {
    const p = path()
    try {
      return JSON.parse(await readFile(p, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
  const write = (data: Record<string, string>) => writeFile(path(), JSON.stringify(data), { mode: 0o600 })
  return {
    get: async (account) => (await read())[account] ?? null,
    set: async (account, secret) => write({ ...(await read()), [account]: secret }),
    delete: async (account) => {
      const data = await read()
      const existed = account in data
      delete data[account]
      await write(data)
      return existed
    }
  }
}
