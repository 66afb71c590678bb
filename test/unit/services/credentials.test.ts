import { describe, expect, it } from 'vitest'
import { CredentialStore, keychainHint, memoryBackend, type SecretBackend } from '../../../src-main/services/credentials/store'
import { Redactor } from '../../../src-main/services/log/redact'
import { createLogger } from '../../../src-main/services/log/logger'

const broken: SecretBackend = {
  get: async () => { throw new Error('Platform failure: DBus error: no bus') },
  set: async () => { throw new Error('Platform failure: DBus error: no bus') },
  delete: async () => { throw new Error('Platform failure: DBus error: no bus') }
}

describe('CredentialStore', () => {
  it('set, get, replace, delete through the backend (account = profile id)', async () => {
    const backend = memoryBackend()
    const s = new CredentialStore({ backend, redactor: new Redactor() })
    await s.set('p1', 'tc_pat_one')
    expect(backend.data.get('p1')).toBe('tc_pat_one')
    await s.set('p1', 'tc_pat_two')
    expect(await s.get('p1')).toBe('tc_pat_two')
    expect(await s.has('p2')).toBe(false)
    expect(await s.delete('p1')).toBe(true)
    expect(await s.get('p1')).toBeUndefined()
    await expect(s.require('p1', 'Prod')).rejects.toMatchObject({ appError: { code: 'secret_missing', message: expect.stringContaining('Prod') } })
  })

  it('rejects empty, multi-line or huge secrets', async () => {
    const s = new CredentialStore({ backend: memoryBackend() })
    for (const bad of ['', 'a\nb', 'x'.repeat(9000)]) await expect(s.set('p', bad)).rejects.toMatchObject({ appError: { code: 'bad_input' } })
  })

  it('fails closed with keychain_unavailable and a hint on how to fix it; nothing else is written', async () => {
    const lines: string[] = []
    const s = new CredentialStore({ backend: broken, platform: 'linux', logger: createLogger({ sink: (l) => lines.push(l), level: 'debug' }) })
    for (const p of [s.set('p', 'tc_pat_secret_value'), s.get('p'), s.delete('p')]) {
      await expect(p).rejects.toMatchObject({ appError: { code: 'keychain_unavailable', hint: expect.stringContaining('Secret Service') } })
    }
    expect(lines.join('\n')).not.toContain('tc_pat_secret_value')
    expect(lines.length).toBe(3)
  })

  it('platform hints name the right keychain', () => {
    expect(keychainHint('linux')).toMatch(/unlock your login keyring/)
    expect(keychainHint('darwin')).toMatch(/Keychain Access/)
    expect(keychainHint('win32')).toMatch(/Credential Manager/)
  })

  it('registers secrets with the redactor as they are stored or read', async () => {
    const r = new Redactor()
    const backend = memoryBackend()
    backend.data.set('p', 'plain-looking-secret')
    const s = new CredentialStore({ backend, redactor: r })
    await s.get('p')
    expect(r.string('value=plain-looking-secret!')).not.toContain('plain-looking-secret')
  })
})
