import { execFileSync } from 'node:child_process'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaBundlePick, ProfileView, TestConnectionResult } from '@contract/schemas/profiles'
import { MAX_CA_BUNDLE_BYTES, readCaBundle } from '../../src-main/services/profiles/ca-bundle'
import { cliEnv, errorOf, ok, tkms } from '../unit/main/cli/helpers'
import { openIpc, type IpcHarness } from './ipc-harness'
import { makeTestCa, opensslFingerprint } from '../support/test-ca'

let h: IpcHarness
let dir: string
/** What `openssl x509 -fingerprint -sha256` says, as the independent reference. */
const fingerprintOf = (file: string): string => opensslFingerprint(dir, file)

beforeAll(async () => {
  h = await openIpc()
  dir = h.dir
  for (const [name, cn] of [
    ['root', 'Corp Root CA'],
    ['proxy', 'Corp Inspecting Proxy CA']
  ] as const)
    makeTestCa(dir, name, `/O=Corp/CN=${cn}`)
  await writeFile(
    join(dir, 'bundle.pem'),
    `# Corp bundle\n${await readFile(join(dir, 'root.pem'), 'utf8')}\n${await readFile(join(dir, 'proxy.pem'), 'utf8')}`
  )
})
afterAll(() => h.close())

const refusal = (path: string, why: RegExp) =>
  expect(readCaBundle(path)).rejects.toMatchObject({
    appError: { code: 'bad_input', field: 'caBundlePath', message: why }
  })

describe('a CA bundle must be what it says', () => {
  it('reads each certificate with its subject and SHA-256 fingerprint', async () => {
    const b = await readCaBundle(join(dir, 'bundle.pem'))
    expect(b.certificates.map((c) => [c.subject, c.fingerprint])).toEqual([
      ['O=Corp, CN=Corp Root CA', fingerprintOf('root.pem')],
      ['O=Corp, CN=Corp Inspecting Proxy CA', fingerprintOf('proxy.pem')]
    ])
    expect(b.pem).not.toContain('# Corp bundle')
  })

  it('refuses a FIFO at once instead of hanging', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo.pem')])
    await refusal(join(dir, 'fifo.pem'), /not a regular file/)
  })

  it('refuses a device (/dev/zero would be read for ever)', async () => {
    await refusal('/dev/zero', /not a regular file/)
  })

  it('refuses a file over the size cap without reading it all', async () => {
    await writeFile(join(dir, 'huge.pem'), Buffer.alloc(MAX_CA_BUNDLE_BYTES + 1, 0x41))
    await refusal(join(dir, 'huge.pem'), /at most/)
  })

  it('refuses anything but certificates: a private key, garbage in a certificate block, no certificate', async () => {
    await writeFile(
      join(dir, 'with-key.pem'),
      `${await readFile(join(dir, 'root.pem'), 'utf8')}${await readFile(join(dir, 'root.key'), 'utf8')}`
    )
    await refusal(join(dir, 'with-key.pem'), /PRIVATE KEY/)
    await writeFile(
      join(dir, 'garbage.pem'),
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n'
    )
    await refusal(join(dir, 'garbage.pem'), /not a valid X\.509 certificate/)
    await writeFile(join(dir, 'empty.pem'), 'just some text\n')
    await refusal(join(dir, 'empty.pem'), /no PEM certificate/)
  })
})

describe('adding a CA bundle to a profile', () => {
  it("is chosen in main's dialog, shows each CA, and is pinned: a changed bundle is refused at use", async () => {
    h.dialogs.open.push([join(dir, 'bundle.pem')])
    const pick = await h.ok<CaBundlePick>('profiles:pick-ca-bundle')
    if (pick.cancelled) throw new Error('cancelled')
    expect(pick.certificates.map((c) => c.fingerprint)).toEqual([fingerprintOf('root.pem'), fingerprintOf('proxy.pem')])
    const p = await h.ok<ProfileView>('profiles:create', {
      profile: {
        name: 'Behind proxy',
        endpoint: h.core.sandbox.url,
        organisation: 'sandbox',
        auth: { kind: 'pat' },
        caBundle: pick.handle
      },
      secret: 'tc_pat_sandbox_admin'
    })
    expect(p).toMatchObject({
      caBundlePath: join(dir, 'bundle.pem'),
      caCertificates: [{ subject: 'O=Corp, CN=Corp Root CA' }, { subject: 'O=Corp, CN=Corp Inspecting Proxy CA' }]
    })
    expect(await h.ok<TestConnectionResult>('profiles:test-connection', { id: p.id })).toMatchObject({ ok: true })
    // Someone slips another CA into the file afterwards: the profile does not silently trust it.
    makeTestCa(dir, 'evil', '/CN=Not Yours')
    await appendFile(join(dir, 'bundle.pem'), await readFile(join(dir, 'evil.pem'), 'utf8'))
    expect(await h.ok<TestConnectionResult>('profiles:test-connection', { id: p.id })).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringContaining('changed since it was added') }
    })
    // Removing it is a change the user makes in the profile.
    expect(await h.ok<ProfileView>('profiles:update', { id: p.id, patch: { caBundle: null } })).not.toHaveProperty(
      'caBundlePath'
    )
  })

  it('a dialog pick of something that is not a CA bundle is refused with the reason', async () => {
    h.dialogs.open.push(['/dev/zero'])
    expect(await h.send('profiles:pick-ca-bundle')).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringContaining('not a regular file') }
    })
  })

  it(
    'tkms profiles add --ca-bundle prints each CA with its fingerprint, and refuses a device',
    { timeout: 60_000 },
    async () => {
      const env = cliEnv(join(dir, 'cli-data'))
      const added = ok(
        await tkms(
          [
            'profiles',
            'add',
            'corp',
            '--endpoint',
            h.core.sandbox.url,
            '--organisation',
            'sandbox',
            '--ca-bundle',
            'root.pem',
            '--secret-stdin'
          ],
          { env, cwd: dir, input: 'tc_pat_sandbox_admin\n' }
        )
      )
      expect(added.stdout).toContain('O=Corp, CN=Corp Root CA')
      expect(added.stdout).toContain(fingerprintOf('root.pem'))
      const refused = await tkms(
        [
          '--output',
          'json',
          'profiles',
          'add',
          'zero',
          '--organisation',
          'sandbox',
          '--ca-bundle',
          '/dev/zero',
          '--secret-stdin'
        ],
        { env, cwd: dir, input: 'tc_pat_x\n' }
      )
      expect(refused.code).toBe(1)
      expect(errorOf(refused)).toMatchObject({
        code: 'bad_input',
        message: expect.stringContaining('not a regular file')
      })
    }
  )

  it('the window cannot name a CA bundle by path', async () => {
    const r = await h.send('profiles:create', {
      profile: {
        name: 'Sneaky',
        endpoint: h.core.sandbox.url,
        organisation: 'sandbox',
        auth: { kind: 'pat' },
        caBundlePath: join(dir, 'evil.pem')
      }
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc_invalid_request' } })
  })
})
