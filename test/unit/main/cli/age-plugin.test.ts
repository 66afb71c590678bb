import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { bech32 } from '@scure/base'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeIdentity } from '../../../../src-main/services/age/key-ref'
import { pluginBinDir, tool } from './age-helpers'
import { C, errorOf, ok, setup, tkms } from './helpers'

// The real age (Debian's age 1.1) starts the shipped plugin bundle from PATH, against a sandbox.
let t: Awaited<ReturnType<typeof setup>>
let env: NodeJS.ProcessEnv
let recipient: string
const age = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
  tool('age', args, { env: { ...env, ...extra }, cwd: t.dir })
const PLAIN = 'quarterly numbers: 42\n'.repeat(500)

beforeAll(async () => {
  t = await setup()
  env = { ...t.env, PATH: `${await pluginBinDir(t.dir)}:${process.env['PATH'] ?? ''}` }
  await Promise.all([
    t.run(['keys', 'create', 'age-aes', '--type', 'aes256-gcm96']).then(ok),
    t.run(['keys', 'create', 'age-off', '--type', 'aes256-gcm96']).then(ok),
    t.run(['keys', 'create', 'age-sign', '--type', 'ecdsa-p256']).then(ok),
    writeFile(join(t.dir, 'secret.txt'), PLAIN)
  ])
  recipient = ok(await t.run(['age', 'recipient', 'age-aes'])).stdout.trim()
  await writeFile(join(t.dir, 'identity.txt'), ok(await t.run(['age', 'identity', 'age-aes'])).stdout)
}, 60_000)
afterAll(async () => t?.cleanup())

describe('age-plugin-thalassa with the real age', { timeout: 60_000 }, () => {
  it('prints a recipient and an identity file age reads', async () => {
    expect(recipient).toMatch(/^age1thalassa1[02-9ac-hj-np-z]+$/)
    const id = await readFile(join(t.dir, 'identity.txt'), 'utf8')
    expect(id).toMatch(/^AGE-PLUGIN-THALASSA-1[02-9AC-HJ-NP-Z]+$/m)
    expect(id).toContain(`# recipient: ${recipient}`)
  })

  it('encrypts to age1thalassa1… and decrypts with the identity file (KMS encrypt / decrypt)', async () => {
    const enc = await age(['-r', recipient, '-o', 'secret.txt.age', 'secret.txt'])
    expect(enc.code, enc.stderr).toBe(0)
    const header = (await readFile(join(t.dir, 'secret.txt.age'))).toString('latin1')
    expect(header).toMatch(/^-> thalassa nl-01 \S+$/m)
    expect(header).not.toContain('quarterly')
    const dec = await age(['-d', '-i', 'identity.txt', 'secret.txt.age'])
    expect(dec.code, dec.stderr).toBe(0)
    expect(dec.stdout.toString()).toBe(PLAIN)
  })

  it('encrypts to the identity itself (age -e -i) as well', async () => {
    expect((await age(['-e', '-i', 'identity.txt', '-o', 'self.age', 'secret.txt'])).code).toBe(0)
    expect((await age(['-d', '-i', 'identity.txt', 'self.age'])).stdout.toString()).toBe(PLAIN)
  })

  it('multi-recipient with an X25519 recipient: each identity opens the file alone', async () => {
    const kg = await tool('age-keygen', ['-o', join(t.dir, 'x25519.txt')])
    expect(kg.code, kg.stderr).toBe(0)
    const x25519 = /age1[02-9ac-hj-np-z]+/.exec(kg.stderr)?.[0] ?? ''
    expect(x25519).not.toBe('')
    expect((await age(['-r', recipient, '-r', x25519, '-o', 'both.age', 'secret.txt'])).code).toBe(0)
    const byKms = await age(['-d', '-i', 'identity.txt', 'both.age'])
    expect(byKms.code, byKms.stderr).toBe(0)
    expect(byKms.stdout.toString()).toBe(PLAIN)
    const byX = await age(['-d', '-i', 'x25519.txt', 'both.age'])
    expect(byX.code, byX.stderr).toBe(0)
    expect(byX.stdout.toString()).toBe(PLAIN)
  })

  it('headless: an identity for `--profile env` decrypts with THALASSA_* variables only', async () => {
    const vars = {
      THALASSA_API_ENDPOINT: t.sandbox.url,
      THALASSA_ORGANISATION: C.organisation,
      THALASSA_API_TOKEN: C.adminPat
    }
    // A data folder with no saved profile at all: only the variables can reach the KMS.
    const headless = {
      ...vars,
      TKMS_DATA_DIR: join(t.dir, 'headless-data'),
      TKMS_TEST_KEYCHAIN_FILE: join(t.dir, 'headless-keychain.json')
    }
    const id = ok(
      await tkms(['--profile', 'env', 'age', 'identity', 'nl-01/age-aes'], { env: { ...env, ...headless } })
    ).stdout
    expect(id).toContain('profile "env"')
    await writeFile(join(t.dir, 'env-id.txt'), id)
    const dec = await age(['-d', '-i', 'env-id.txt', 'secret.txt.age'], headless)
    expect(dec.code, dec.stderr).toBe(0)
    expect(dec.stdout.toString()).toBe(PLAIN)
    // Without the variables the same identity cannot reach the KMS, and says which ones are missing.
    const bare = await age(['-d', '-i', 'env-id.txt', 'secret.txt.age'], { TKMS_DATA_DIR: headless.TKMS_DATA_DIR })
    expect(bare.code).not.toBe(0)
    expect(bare.stderr).toContain('THALASSA_API_ENDPOINT')
  })

  it('a disabled key: age fails with the KMS error and our hint, through an error stanza', async () => {
    const rOff = ok(await t.run(['age', 'recipient', 'age-off'])).stdout.trim()
    await writeFile(join(t.dir, 'off-id.txt'), ok(await t.run(['age', 'identity', 'age-off'])).stdout)
    expect((await age(['-r', rOff, '-o', 'off.age', 'secret.txt'])).code).toBe(0)
    ok(await t.run(['keys', 'disable', 'age-off']))
    const dec = await age(['-d', '-i', 'off-id.txt', '-o', 'off.out', 'off.age'])
    expect(dec.code).not.toBe(0)
    expect(dec.stderr).toMatch(/thalassa plugin: key nl-01\/\S+: .*disabled/i)
    expect(dec.stderr).toMatch(/\[key_disabled\]|enable/i)
    const enc = await age(['-r', rOff, '-o', 'off2.age', 'secret.txt'])
    expect(enc.code).not.toBe(0)
    expect(enc.stderr).toMatch(/disabled/i)
  })

  it('an identity naming a profile that does not exist: a clear error naming it', async () => {
    const key = ok(await t.run(['--output', 'json', 'age', 'recipient', 'age-aes'])).json<{
      key: { region: string; identity: string }
    }>().key
    await writeFile(
      join(t.dir, 'wrong-id.txt'),
      `${encodeIdentity({ profile: 'no-such-profile', key: { region: key.region, identity: key.identity } })}\n`
    )
    const dec = await age(['-d', '-i', 'wrong-id.txt', 'secret.txt.age'])
    expect(dec.code).not.toBe(0)
    expect(dec.stderr).toContain('no-such-profile')
  })

  it('refuses a malformed recipient and a key that cannot encrypt', async () => {
    const bad = bech32.encode('age1thalassa', bech32.toWords(Buffer.from([9, 5, 0x6e])), false)
    const enc = await age(['-r', bad, '-o', 'bad.age', 'secret.txt'])
    expect(enc.code).not.toBe(0)
    expect(enc.stderr).toMatch(/unknown key reference layout 9.*tkms age recipient/)
    const r = await t.run(['--output', 'json', 'age', 'recipient', 'age-sign'])
    expect(r.code).toBe(1)
    expect(errorOf(r).message).toMatch(/cannot encrypt/)
  })
})
