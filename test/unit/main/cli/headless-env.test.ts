import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envProfile } from '../../../../src-main/services/profiles/env-profile'
import { C, cliEnv, errorOf, ok, SHIPPED_BIN, setup, tkms, tkmsProcess } from './helpers'

let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
}, 60_000)
afterAll(async () => t?.cleanup())

const vars = () => ({
  THALASSA_API_ENDPOINT: t.sandbox.url,
  THALASSA_ORGANISATION: C.organisation,
  THALASSA_API_TOKEN: C.adminPat
})

/** Every file under a folder, read as text. */
async function allText(dir: string): Promise<string> {
  const names = await readdir(dir, { recursive: true })
  const texts = await Promise.all(
    names.map(async (n) => ((await stat(join(dir, n))).isFile() ? readFile(join(dir, n), 'utf8') : ''))
  )
  return texts.join('\n')
}

describe('headless use: THALASSA_* variables as the ephemeral env profile', { timeout: 120_000 }, () => {
  it('works with no keychain at all (the shipped bundle), as the default when no profile is saved, and writes the token nowhere', async () => {
    const data = join(t.dir, 'headless')
    // No Secret Service, no stand-in: the shipped bundle as a CI runner would run it.
    const env = { ...cliEnv(data), ...vars(), TKMS_TEST_KEYCHAIN_FILE: undefined }
    const run = (args: string[]) => tkmsProcess(args, { env, runner: SHIPPED_BIN })
    const created = ok(
      await run(['--output', 'json', '--region', 'nl-01', 'keys', 'create', 'ci-key', '--type', 'aes256-gcm96'])
    )
    expect(created.json()).toMatchObject({ name: 'ci-key' })
    const enc = ok(await run(['--region', 'nl-01', 'encrypt', '--key', 'ci-key', '--text', 'hello']))
    const dec = ok(await run(['--region', 'nl-01', 'decrypt', '--key', 'ci-key', '--text', enc.stdout.trim()]))
    expect(dec.stdout).toBe('hello')
    const list = ok(await run(['--output', 'json', 'profiles', 'list'])).json<
      { id: string; name: string; active: boolean; secretStatus: string; endpoint: string }[]
    >()
    expect(list.find((p) => p.active)).toMatchObject({
      id: 'env',
      name: 'env',
      secretStatus: 'environment',
      endpoint: t.sandbox.url
    })
    const outputs = [created, enc, dec].map((r) => r.stdout + r.stderr).join('\n')
    expect(outputs).not.toContain(C.adminPat)
    // Nothing saved: no profiles file; the activity log and logs exist but never hold the token.
    await expect(stat(join(data, 'profiles.json'))).rejects.toThrow()
    expect(await allText(data)).toContain('ci-key')
    expect(await allText(data)).not.toContain(C.adminPat)
  })

  it('service-account client credentials from the environment work too', async () => {
    const env = {
      ...cliEnv(join(t.dir, 'sa')),
      THALASSA_API_ENDPOINT: t.sandbox.url,
      THALASSA_ORGANISATION: C.organisation,
      THALASSA_CLIENT_ID: C.clientId,
      THALASSA_CLIENT_SECRET: C.clientSecret
    }
    const r = ok(await tkms(['--output', 'json', 'summary'], { env }))
    expect(r.json()).toMatchObject({ featureEnabled: true })
    expect(r.stdout + r.stderr).not.toContain(C.clientSecret)
  })

  it('a saved profile stays the default; --profile env picks the variables for one command', async () => {
    // t's data dir has the saved, active profile "test"; the variables point at the no-KMS organisation.
    const env = { ...t.env, ...vars(), THALASSA_ORGANISATION: C.noKmsOrganisation }
    expect(ok(await tkms(['--output', 'json', 'summary'], { env })).json()).toMatchObject({ featureEnabled: true })
    const viaEnv = await tkms(['--output', 'json', '--profile', 'env', 'summary'], { env })
    expect(viaEnv.code).toBe(2)
    expect(errorOf(viaEnv).code).toBe('kms_not_enabled')
  })

  it('refuses to save, select or remove it, and names the missing variables', async () => {
    const env = { ...t.env, ...vars() }
    for (const args of [
      ['profiles', 'use', 'env'],
      ['profiles', 'remove', 'env']
    ]) {
      const r = await tkms(['--output', 'json', ...args], { env })
      expect(r.code).toBe(1)
      expect(errorOf(r).message).toContain('THALASSA_* variables')
    }
    const partial = { ...t.env, THALASSA_API_TOKEN: C.adminPat }
    const r = await tkms(['--output', 'json', '--profile', 'env', 'keys', 'list'], { env: partial })
    expect(r.code).toBe(1)
    expect(errorOf(r)).toMatchObject({
      code: 'bad_input',
      message: expect.stringContaining('and THALASSA_API_ENDPOINT, THALASSA_ORGANISATION are not set.')
    })
    expect(r.stderr).not.toContain(C.adminPat)
    // Incomplete variables are not a profile: without --profile env the saved one is used as before.
    expect(ok(await tkms(['--output', 'json', 'summary'], { env: partial })).json()).toMatchObject({
      featureEnabled: true
    })
  })

  it('reads the variables the tcloud CLI and the Terraform provider use', () => {
    expect(envProfile({})).toBeUndefined()
    const pat = envProfile({
      THALASSA_API_ENDPOINT: 'https://api.example.test',
      THALASSA_ORGANISATION: 'acme',
      THALASSA_PERSONAL_ACCESS_TOKEN: 'tc_pat_x',
      THALASSA_PROJECT_ID: 'p1'
    })
    expect(pat).toMatchObject({
      ok: true,
      secret: 'tc_pat_x',
      profile: { id: 'env', kind: 'cloud', organisation: 'acme', project: 'p1', auth: { kind: 'pat' } }
    })
    expect(
      envProfile({ THALASSA_API_ENDPOINT: 'https://a.test', THALASSA_ORGANISATION: 'o', THALASSA_ACCESS_TOKEN: 'at' })
    ).toMatchObject({ ok: true, profile: { auth: { kind: 'access-token' } } })
    expect(
      envProfile({ THALASSA_API_ENDPOINT: 'https://a.test', THALASSA_ORGANISATION: 'o', THALASSA_CLIENT_ID: 'sa' })
    ).toEqual({ ok: false, missing: ['THALASSA_CLIENT_SECRET'] })
    expect(() =>
      envProfile({
        THALASSA_API_ENDPOINT: 'http://kms.example.test',
        THALASSA_ORGANISATION: 'o',
        THALASSA_API_TOKEN: 't'
      })
    ).toThrow(/THALASSA_API_ENDPOINT: Plain http is refused/)
  })
})
