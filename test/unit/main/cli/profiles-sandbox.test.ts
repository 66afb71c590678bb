import { spawn } from 'node:child_process'
import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { defaultDataDir, resolveDataDir } from '../../../../src-main/cli/data-dir'
import { exitCodeOf } from '../../../../src-main/cli/errors'
import { BIN, C, cliEnv, errorOf, ok, setup, tkms } from './helpers'

let t: Awaited<ReturnType<typeof setup>>
beforeAll(async () => {
  t = await setup()
}, 60_000)
afterAll(async () => t?.cleanup())

describe('tkms profiles', { timeout: 240_000 }, () => {
  it('adds (secret from stdin, into the keychain, never printed), lists, tests, switches and removes', async () => {
    const secretFile = join(t.dir, 'data', 'test-keychain.json')
    const add = ok(
      await t.run(
        [
          '--output',
          'json',
          'profiles',
          'add',
          'No KMS',
          '--endpoint',
          t.sandbox.url,
          '--organisation',
          C.noKmsOrganisation,
          '--secret-stdin'
        ],
        `${C.adminPat}\n`
      )
    )
    expect(add.json()).toMatchObject({
      name: 'No KMS',
      kind: 'cloud',
      hasSecret: true,
      secretStatus: 'stored',
      active: false
    })
    expect(add.stdout + add.stderr).not.toContain(C.adminPat)
    // Stored with the origin and auth kind it was entered for.
    expect(
      Object.values(JSON.parse(await readFile(secretFile, 'utf8')) as Record<string, string>).map(
        (v) => JSON.parse(v) as unknown
      )
    ).toContainEqual({ tkms: 1, origin: t.sandbox.url, auth: 'pat', secret: C.adminPat })
    const [list, table, tested, noKms, noKmsSummary, noKmsKeys] = await Promise.all([
      t.run(['--output', 'json', 'profiles', 'list']),
      t.run(['profiles', 'list']),
      t.run(['--output', 'json', 'profiles', 'test']),
      t.run(['--output', 'json', 'profiles', 'test', 'no kms']),
      t.run(['--output', 'json', '--profile', 'No KMS', 'summary']),
      t.run(['--output', 'json', '--profile', 'No KMS', '--region', 'nl-01', 'keys', 'list'])
    ])
    expect(
      ok(list)
        .json<{ name: string; active: boolean }[]>()
        .map((p) => [p.name, p.active])
    ).toEqual([
      ['Local sandbox', false],
      ['test', true],
      ['No KMS', false]
    ])
    expect(ok(table).stdout).toMatch(/\*\s+test\s+cloud\s+sandbox/)
    expect(ok(tested).json()).toMatchObject({ ok: true, profile: 'test', featureEnabled: true })
    expect(noKms.code).toBe(2)
    expect(errorOf(noKms).code).toBe('kms_not_enabled')
    expect(noKmsSummary.code).toBe(2)
    expect(errorOf(noKmsSummary)).toMatchObject({
      code: 'kms_not_enabled',
      hint: expect.stringContaining('enable the KMS')
    })
    expect(noKmsSummary.json()).toMatchObject({ featureEnabled: false })
    expect(noKmsKeys.code).toBe(2)
    expect(errorOf(noKmsKeys)).toMatchObject({
      code: 'kms_not_enabled',
      hint: expect.stringContaining('enable the KMS')
    })
    // --profile is for one command only: the saved active profile is unchanged.
    expect(
      ok(await t.run(['--output', 'json', 'profiles', 'list']))
        .json<{ name: string; active: boolean }[]>()
        .find((p) => p.active)?.name
    ).toBe('test')
    ok(await t.run(['profiles', 'use', 'No KMS']))
    expect((await t.run(['summary'])).code).toBe(2)
    ok(await t.run(['profiles', 'use', 'test']))
    ok(await t.run(['profiles', 'remove', 'no kms']))
    expect(JSON.stringify(JSON.parse(await readFile(secretFile, 'utf8')))).not.toContain('"No KMS"')
    const [gone, sandboxRemove, noSecret, unknown] = await Promise.all([
      t.run(['--profile', 'No KMS', 'summary']),
      t.run(['profiles', 'remove', 'Local sandbox']),
      t.run(['profiles', 'add', 'y', '--organisation', 'o']),
      t.run(['profiles', 'add', 'z', '--organisation', 'o', '--auth', 'password', '--secret-stdin'], 'x\n')
    ])
    expect(gone.code).toBe(1)
    expect(gone.stderr).toMatch(/error \[profile_not_found\]/)
    expect(sandboxRemove.code).toBe(1)
    expect(noSecret.code).toBe(1)
    expect(noSecret.stderr).toContain('--secret-stdin')
    expect(unknown.code).toBe(1)
  })

  it('a wrong token is a KMS error (exit 2, unauthorized) and the secret never appears in output', async () => {
    ok(
      await t.run(
        ['profiles', 'add', 'bad', '--endpoint', t.sandbox.url, '--organisation', C.organisation, '--secret-stdin'],
        'tc_pat_wrong_token_value\n'
      )
    )
    const r = await t.run(['--profile', 'bad', 'keys', 'list'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/error \[unauthorized\]/)
    expect(r.stdout + r.stderr).not.toContain('tc_pat_wrong_token_value')
  })
})

describe('Local sandbox and tkms sandbox', { timeout: 120_000 }, () => {
  it('starts the embedded sandbox only for commands that use it', async () => {
    const dir = join(t.dir, 'fresh')
    const env = cliEnv(dir)
    ok(await tkms(['profiles', 'list'], { env }))
    await expect(access(join(dir, 'sandbox'))).rejects.toThrow()
    const created = ok(
      await tkms(['--output', 'json', 'keys', 'create', 'local', '--type', 'aes256-gcm96'], { env })
    ).json()
    expect(created).toMatchObject({ name: 'local' })
    await access(join(dir, 'sandbox'))
    // State persists across runs, in the same folder the app uses.
    expect(
      ok(await tkms(['--output', 'json', 'keys', 'list'], { env }))
        .json<{ name: string }[]>()
        .map((k) => k.name)
    ).toEqual(['local'])
  })

  it('tkms sandbox serves the API until SIGTERM', async () => {
    const env = cliEnv(join(t.dir, 'sbx'))
    const child = spawn(process.execPath, [BIN, '--output', 'json', 'sandbox', '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await vi.waitFor(() => expect(out).toContain('}'), { timeout: 60_000, interval: 20 })
    const info = JSON.parse(out) as { url: string; stateDir: string }
    expect(info.stateDir).toBe(join(t.dir, 'sbx', 'sandbox'))
    const res = await fetch(`${info.url}/v1/kms/summary`, {
      headers: { authorization: `Token ${C.adminPat}`, 'x-organisation-identity': C.organisation }
    })
    expect(res.status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect((await tkms(['sandbox', '--port', 'eighty'], { env })).code).toBe(1)
  })
})

describe('CLI plumbing', () => {
  it('finds the app data folder by OS convention, overridable by env and flag', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/h')).toBe('/x/Thalassa KMS Desktop')
    expect(defaultDataDir({}, 'linux', '/h')).toBe('/h/.config/Thalassa KMS Desktop')
    expect(defaultDataDir({}, 'darwin', '/h')).toBe('/h/Library/Application Support/Thalassa KMS Desktop')
    expect(defaultDataDir({ APPDATA: 'C:\\AppData' }, 'win32', '/h')).toContain('Thalassa KMS Desktop')
    expect(resolveDataDir(undefined, { TKMS_DATA_DIR: '/env' })).toBe('/env')
    expect(resolveDataDir('/flag', { TKMS_DATA_DIR: '/env' })).toBe('/flag')
  })

  it('maps error codes to exit codes', () => {
    expect(exitCodeOf({ code: 'not_found_or_no_access', message: '' })).toBe(2)
    expect(exitCodeOf({ code: 'network', message: '' })).toBe(2)
    expect(exitCodeOf({ code: 'bad_input', message: '' })).toBe(1)
    expect(exitCodeOf({ code: 'integrity', message: '' })).toBe(3)
    expect(exitCodeOf({ code: 'keychain_unavailable', message: '' })).toBe(3)
  })
})
