import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { b64, createKey, openSandbox, type TestSandbox } from './helpers'

const run = promisify(execFile)
let t: TestSandbox

beforeAll(async () => {
  t = await openSandbox()
})
afterAll(async () => {
  await t.stop()
})

/** Ask the sandbox for a signature and the public key, write both beside the message for openssl. */
async function signed(keyType: string, body: Record<string, unknown> = {}) {
  const k = await createKey(t, keyType)
  const message = Buffer.from(`openssl checks ${keyType}`)
  const s = await t.kms('POST', `/keys/${k.identity}/sign`, { body: { input: b64(message), ...body } })
  expect(s.status).toBe(200)
  const pub = ((await t.kms('GET', `/keys/${k.identity}/public-key`)).body.keys as Record<string, string>)['1']!
  const base = join(t.dir, k.slug)
  const pem =
    keyType === 'ed25519'
      ? // Raw Ed25519 key → SPKI PEM: the fixed 12-byte SPKI prefix for Ed25519, then the key.
        `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(pub, 'base64')]).toString('base64')}\n-----END PUBLIC KEY-----\n`
      : pub
  await writeFile(`${base}.msg`, message)
  await writeFile(`${base}.bad`, Buffer.concat([message, Buffer.from('!')]))
  await writeFile(`${base}.sig`, Buffer.from(String(s.body.signature).replace(/^thalassa:v1:/, ''), 'base64'))
  await writeFile(`${base}.pem`, pem)
  return base
}

async function openssl(args: string[]): Promise<boolean> {
  try {
    const { stdout } = await run('openssl', args)
    return /Verified OK|Signature Verified Successfully/.test(stdout)
  } catch {
    return false
  }
}

describe('signatures verify with OpenSSL against the exported public key', () => {
  it.each([
    ['rsa-2048', {}, ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest']],
    [
      'rsa-2048',
      { hashAlgorithm: 'sha2-512' },
      ['-sha512', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest']
    ],
    ['ecdsa-p256', {}, ['-sha256']],
    ['ecdsa-p384', { hashAlgorithm: 'sha2-384' }, ['-sha384']],
    ['ecdsa-p521', { hashAlgorithm: 'sha2-512' }, ['-sha512']]
  ])('%s %j', async (keyType, body, dgstArgs) => {
    const base = await signed(keyType, body)
    expect(
      await openssl(['dgst', ...dgstArgs, '-verify', `${base}.pem`, '-signature', `${base}.sig`, `${base}.msg`])
    ).toBe(true)
    expect(
      await openssl(['dgst', ...dgstArgs, '-verify', `${base}.pem`, '-signature', `${base}.sig`, `${base}.bad`])
    ).toBe(false)
  })

  it('ed25519', async () => {
    const base = await signed('ed25519')
    const args = (msg: string) => [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      `${base}.pem`,
      '-rawin',
      '-in',
      msg,
      '-sigfile',
      `${base}.sig`
    ]
    expect(await openssl(args(`${base}.msg`))).toBe(true)
    expect(await openssl(args(`${base}.bad`))).toBe(false)
  })
})
