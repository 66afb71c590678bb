import { describe, expect, it } from 'vitest'
import {
  CredentialStore,
  keychainHint,
  memoryBackend,
  type SecretBackend
} from '../../../../../src-main/services/credentials/store'
import type { SecretBinding } from '../../../../../src-main/services/credentials/binding'
import { Redactor } from '../../../../../src-main/services/log/redact'
import { createLogger } from '../../../../../src-main/services/log/logger'

const broken: SecretBackend = {
  get: async () => {
    throw new Error('Platform failure: DBus error: no bus')
  },
  set: async () => {
    throw new Error('Platform failure: DBus error: no bus')
  },
  delete: async () => {
    throw new Error('Platform failure: DBus error: no bus')
  }
}

const PROD: SecretBinding = { origin: 'https://api.thalassa.cloud', auth: 'pat' }

describe('CredentialStore', () => {
  it('set, get, replace, delete through the backend (account = profile id), the secret stored with its binding', async () => {
    const backend = memoryBackend()
    const s = new CredentialStore({ backend, redactor: new Redactor() })
    await s.set('p1', 'tc_pat_one', PROD)
    expect(JSON.parse(backend.data.get('p1') ?? '')).toEqual({
      tkms: 1,
      origin: 'https://api.thalassa.cloud',
      auth: 'pat',
      secret: 'tc_pat_one'
    })
    await s.set('p1', 'tc_pat_two', PROD)
    expect(await s.get('p1')).toEqual({ secret: 'tc_pat_two', binding: PROD })
    expect(await s.state('p2', PROD)).toBe('missing')
    expect(await s.delete('p1')).toBe(true)
    expect(await s.get('p1')).toBeUndefined()
    await expect(s.require('p1', 'Prod', PROD)).rejects.toMatchObject({
      appError: { code: 'secret_missing', message: expect.stringContaining('Prod') }
    })
  })

  it('hands a secret out only for the origin, auth kind and client it was entered for', async () => {
    const s = new CredentialStore({ backend: memoryBackend() })
    await s.set('p', 'tc_pat_bound', PROD)
    expect(await s.require('p', 'Prod', PROD)).toBe('tc_pat_bound')
    for (const other of [
      { origin: 'https://api.thalassa.cloud.evil.example', auth: 'pat' },
      { origin: 'https://api.thalassa.cloud:8443', auth: 'pat' },
      { origin: 'https://api.thalassa.cloud', auth: 'access-token' }
    ] satisfies SecretBinding[]) {
      expect(await s.state('p', other)).toBe('other-binding')
      const refusal = s.require('p', 'Prod', other)
      await expect(refusal).rejects.toMatchObject({
        appError: { code: 'secret_missing', message: expect.stringContaining('it was not sent') }
      })
      await expect(refusal).rejects.not.toMatchObject({
        appError: { message: expect.stringContaining('tc_pat_bound') }
      })
    }
    await s.set('sa', 'client-secret', { origin: PROD.origin, auth: 'client-credentials', clientId: 'sa-1' })
    await expect(
      s.require('sa', 'SA', { origin: PROD.origin, auth: 'client-credentials', clientId: 'sa-2' })
    ).rejects.toMatchObject({ appError: { code: 'secret_missing' } })
  })

  it('binds a secret stored by an earlier version (no binding) to the first binding it is used with', async () => {
    const backend = memoryBackend()
    backend.data.set('old', 'tc_pat_from_before')
    const s = new CredentialStore({ backend })
    expect(await s.state('old', PROD)).toBe('stored')
    expect(await s.require('old', 'Old', PROD)).toBe('tc_pat_from_before')
    expect(await s.get('old')).toEqual({ secret: 'tc_pat_from_before', binding: PROD })
    await expect(s.require('old', 'Old', { origin: 'https://elsewhere.example', auth: 'pat' })).rejects.toMatchObject({
      appError: { code: 'secret_missing' }
    })
  })

  it('rejects empty, multi-line or huge secrets', async () => {
    const s = new CredentialStore({ backend: memoryBackend() })
    for (const bad of ['', 'a\nb', 'x'.repeat(9000)])
      await expect(s.set('p', bad, PROD)).rejects.toMatchObject({ appError: { code: 'bad_input' } })
  })

  it('fails closed with keychain_unavailable and a hint on how to fix it; nothing else is written', async () => {
    const lines: string[] = []
    const s = new CredentialStore({
      backend: broken,
      platform: 'linux',
      logger: createLogger({ sink: (l) => lines.push(l), level: 'debug' })
    })
    for (const p of [s.set('p', 'tc_pat_secret_value', PROD), s.get('p'), s.delete('p')]) {
      await expect(p).rejects.toMatchObject({
        appError: { code: 'keychain_unavailable', hint: expect.stringContaining('Secret Service') }
      })
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
