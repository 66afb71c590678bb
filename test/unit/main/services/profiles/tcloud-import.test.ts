import { describe, expect, it } from 'vitest'
import { mkdtemp, rm, copyFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  candidateFromEnv,
  parseTcloudConfig,
  readTcloudConfig,
  tcloudConfigPath
} from '../../../../../src-main/services/profiles/tcloud-import'

const fixture = (name: string): string => fileURLToPath(new URL(`../../../../fixtures/tcloud/${name}`, import.meta.url))

describe('tcloud config import', () => {
  it('reads contexts, servers and users from the fixture (THALASSA_CONFIG)', async () => {
    const c = await readTcloudConfig({ THALASSA_CONFIG: fixture('config.yaml') }, '/nonexistent-home')
    expect(c.map((x) => x.context)).toEqual(['prod', 'staging', 'keyring-user'])
    const [prod, staging, stored] = c
    expect(prod).toMatchObject({
      current: true,
      secret: 'tc_pat_fixture_prod_token_0001',
      input: {
        name: 'tcloud: prod',
        endpoint: 'https://api.thalassa.cloud',
        organisation: 'acme',
        auth: { kind: 'pat' }
      }
    })
    expect(staging).toMatchObject({
      current: false,
      secret: 'fixture-client-secret-0002',
      input: {
        endpoint: 'https://staging-api.thalassa.cloud',
        organisation: 'acme-staging',
        project: 'alpha',
        auth: { kind: 'client-credentials', clientId: 'sa-fixture' }
      }
    })
    expect(stored?.secret).toBeUndefined()
    expect(stored?.note).toContain('keyring')
  })

  it('falls back to ~/.tcloud under the given home, and THALASSACONFIG', async () => {
    const home = await mkdtemp(join(tmpdir(), 'tcloud-home-'))
    try {
      await copyFile(fixture('config.yaml'), join(home, '.tcloud'))
      expect(tcloudConfigPath({}, home)).toBe(join(home, '.tcloud'))
      expect(tcloudConfigPath({ THALASSACONFIG: '/x' }, home)).toBe('/x')
      expect(await readTcloudConfig({}, home)).toHaveLength(3)
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  })

  it('reports broken YAML with the line, a missing file with a next step, and a non-tcloud document', async () => {
    await expect(readTcloudConfig({ THALASSA_CONFIG: fixture('broken.yaml') }, '/')).rejects.toMatchObject({
      appError: { code: 'bad_input', message: expect.stringMatching(/not valid YAML/) }
    })
    await expect(readTcloudConfig({ THALASSA_CONFIG: '/nonexistent/tcloud' }, '/')).rejects.toMatchObject({
      appError: { code: 'bad_input', hint: expect.stringContaining('tcloud context login') }
    })
    expect(() => parseTcloudConfig('contexts: 5')).toThrow(/does not look like a tcloud config/)
  })

  it('an access token is used only when there is nothing longer-lived', () => {
    const yaml =
      'contexts: [{name: a, context: {user: u, organisation: o}}]\nusers: [{name: u, user: {accessToken: at_123}}]\n'
    expect(parseTcloudConfig(yaml)[0]).toMatchObject({
      secret: 'at_123',
      input: { auth: { kind: 'access-token' }, endpoint: 'https://api.thalassa.cloud' }
    })
  })
})

describe('THALASSA_* environment import', () => {
  it('PAT from THALASSA_API_TOKEN with endpoint, organisation and project', () => {
    const c = candidateFromEnv({
      THALASSA_API_TOKEN: 'tc_pat_env',
      THALASSA_ORGANISATION: 'acme',
      THALASSA_API_ENDPOINT: 'https://staging-api.thalassa.cloud',
      THALASSA_PROJECT_ID: 'p1'
    })
    expect(c).toMatchObject({
      source: 'env',
      secret: 'tc_pat_env',
      input: {
        organisation: 'acme',
        endpoint: 'https://staging-api.thalassa.cloud',
        project: 'p1',
        auth: { kind: 'pat' }
      }
    })
  })

  it('client credentials, tcloud variable names, and nothing without an organisation or credential', () => {
    expect(
      candidateFromEnv({ THALASSA_CLIENT_ID: 'id', THALASSA_CLIENT_SECRET: 's', THALASSA_ORGANISATION_ID: 'o' })
    ).toMatchObject({
      secret: 's',
      input: { auth: { kind: 'client-credentials', clientId: 'id' }, endpoint: 'https://api.thalassa.cloud' }
    })
    expect(candidateFromEnv({ THALASSA_PERSONAL_ACCESS_TOKEN: 'tc_pat_x', THALASSA_ORGANISATION: 'o' })?.secret).toBe(
      'tc_pat_x'
    )
    expect(candidateFromEnv({ THALASSA_API_TOKEN: 'tc_pat_x' })).toBeUndefined()
    expect(candidateFromEnv({ THALASSA_ORGANISATION: 'o' })).toBeUndefined()
    expect(candidateFromEnv({ THALASSA_CLIENT_ID: 'id', THALASSA_ORGANISATION: 'o' })?.note).toContain(
      'THALASSA_CLIENT_SECRET'
    )
  })
})
