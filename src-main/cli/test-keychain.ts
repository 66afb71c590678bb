import { readFileSync, writeFileSync } from 'node:fs'
import type { SecretBackend } from '../services/credentials/store'

/**
 * TEST ONLY. With NODE_ENV=test and TKMS_TEST_KEYCHAIN_FILE set, secrets go to that JSON file
 * instead of the OS keychain, so the CLI test suite can run as subprocesses without a Secret
 * Service. Outside NODE_ENV=test the variable is ignored: the OS keychain is always used.
 */
export function secretBackendFromEnv(env: NodeJS.ProcessEnv): SecretBackend | undefined {
  const file = env['TKMS_TEST_KEYCHAIN_FILE']
  if (env['NODE_ENV'] !== 'test' || !file) return undefined
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }
  const write = (data: Record<string, string>) => writeFileSync(file, JSON.stringify(data), { mode: 0o600 })
  return {
    get: async (a) => read()[a] ?? null,
    set: async (a, s) => write({ ...read(), [a]: s }),
    delete: async (a) => {
      const data = read()
      const existed = a in data
      delete data[a]
      write(data)
      return existed
    }
  }
}
