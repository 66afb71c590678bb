import { afterAll, describe, expect, it } from 'vitest'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { CredentialStore, KEYCHAIN_SERVICE, keyringBackend } from '../../src-main/services/credentials/store'

// Pinned to the Secret Service, so a silent fallback to the kernel keyring cannot pass.
const pinned = { linux: { store: 'secret-service' as const } }
const account = `test-${randomBytes(6).toString('hex')}`
const store = new CredentialStore({ backend: keyringBackend({ entryOptions: pinned }), platform: 'linux' })
const binding = { origin: 'https://api.thalassa.cloud', auth: 'pat' as const }

afterAll(async () => {
  await store.delete(account).catch(() => undefined)
})

describe('CredentialStore on a real Secret Service (gnome-keyring in dbus-run-session)', () => {
  it('runs inside the keychain session', () => {
    expect(process.env.KEYCHAIN_TEST_HAS_BUS).toBe('1')
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toBeTruthy()
  })

  it('set, read, replace, delete', async () => {
    expect(await store.get(account)).toBeUndefined()
    await store.set(account, 'tc_pat_keychain_first', binding)
    expect(await store.get(account)).toEqual({ secret: 'tc_pat_keychain_first', binding })
    await store.set(account, 'tc_pat_keychain_second', binding)
    expect(await store.require(account, 'Keychain test', binding)).toBe('tc_pat_keychain_second')
    expect(await store.delete(account)).toBe(true)
    expect(await store.get(account)).toBeUndefined()
    expect(await store.delete(account)).toBe(false)
  })

  it('the item really lives in the Secret Service under service "thalassa-kms-desktop", account = profile id', async () => {
    await store.set(account, 'tc_pat_visible_to_secret_tool', binding)
    const out = execFileSync('secret-tool', ['search', '--all', 'service', KEYCHAIN_SERVICE, 'username', account], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    expect(out).toContain(account)
    // The item holds the secret together with the origin and auth kind it was entered for.
    const item = execFileSync('secret-tool', ['lookup', 'service', KEYCHAIN_SERVICE, 'username', account], {
      encoding: 'utf8'
    })
    expect(JSON.parse(item)).toEqual({
      tkms: 1,
      origin: binding.origin,
      auth: 'pat',
      secret: 'tc_pat_visible_to_secret_tool'
    })
    await store.delete(account)
  })

  it('without a session bus the store fails closed with keychain_unavailable (no plaintext fallback)', () => {
    const script = fileURLToPath(new URL('./no-bus-probe.ts', import.meta.url))
    const env = { ...process.env }
    delete env.DBUS_SESSION_BUS_ADDRESS
    delete env.DISPLAY
    env.XDG_RUNTIME_DIR = '/nonexistent-runtime-dir'
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { env, encoding: 'utf8', timeout: 20_000 })
    expect(r.status, r.stderr).toBe(0)
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as { set: unknown; get: unknown }
    for (const op of [result.set, result.get]) {
      expect(op).toMatchObject({ code: 'keychain_unavailable', hint: expect.stringContaining('Secret Service') })
    }
  })
})
