import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KmsClient, KmsError } from '../../../../../src-main/services/kms/client'
import { isLoopbackHost, parseEndpoint, proxyFor } from '../../../../../src-main/services/kms/transport'
import { FakeKms } from '../fake-kms'
import { makeTestCa } from '../../../../support/test-ca'

const auth = { authorization: async () => 'Token tc_pat_sandbox_admin' }

describe('endpoint rules', () => {
  it('https anywhere; http only on loopback', () => {
    expect(parseEndpoint('https://api.thalassa.cloud').origin).toBe('https://api.thalassa.cloud')
    for (const ok of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:9', 'http://127.5.6.7'])
      expect(() => parseEndpoint(ok)).not.toThrow()
    for (const [bad, re] of [
      ['http://api.thalassa.cloud', /only loopback/],
      ['http://10.0.0.1', /only loopback/],
      ['http://localhost.evil.com', /only loopback/],
      ['ftp://x', /must use https/],
      ['not a url', /not a valid/],
      ['https://user:pw@api.thalassa.cloud', /user name or password/],
      ['https://api.thalassa.cloud/?x=1', /query or fragment/]
    ] as const)
      expect(() => parseEndpoint(bad)).toThrow(re)
    expect(() => new KmsClient({ endpoint: 'http://kms.example.com', organisation: 'o', auth })).toThrow(KmsError)
  })

  it('recognises loopback hosts', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', 'a.localhost'].every(isLoopbackHost)).toBe(true)
    expect(['128.0.0.1', 'example.com', '::2', '0.0.0.0'].some(isLoopbackHost)).toBe(false)
  })

  it('chooses a proxy from HTTPS_PROXY/NO_PROXY, never for loopback', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'internal.example, .corp.example' }
    expect(proxyFor(new URL('https://api.thalassa.cloud'), env)).toBe('http://proxy:3128')
    expect(proxyFor(new URL('https://internal.example'), env)).toBeUndefined()
    expect(proxyFor(new URL('https://kms.corp.example'), env)).toBeUndefined()
    expect(proxyFor(new URL('https://127.0.0.1:9'), env)).toBeUndefined()
    expect(
      proxyFor(new URL('https://api.thalassa.cloud'), { https_proxy: 'http://p:1', NO_PROXY: '*' })
    ).toBeUndefined()
    expect(proxyFor(new URL('https://api.thalassa.cloud'), {})).toBeUndefined()
  })
})

describe('TLS, extra CA bundle and HTTPS proxy (real sockets)', () => {
  let dir: string
  let ca: string
  let fake: FakeKms
  let proxy: Server
  const connects: string[] = []
  const proxyUrl = (): string => `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tls-'))
    const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' })
    makeTestCa(dir, 'ca', '/CN=Test Corporate CA')
    run(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'srv.key',
      '-out',
      'srv.csr',
      '-subj',
      '/CN=kms.test'
    )
    await writeFile(join(dir, 'ext.cnf'), 'subjectAltName=DNS:kms.test,DNS:localhost\n')
    run(
      'x509',
      '-req',
      '-in',
      'srv.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'srv.pem',
      '-days',
      '2',
      '-extfile',
      'ext.cnf'
    )
    ca = await readFile(join(dir, 'ca.pem'), 'utf8')
    fake = await new FakeKms({
      tls: { key: await readFile(join(dir, 'srv.key'), 'utf8'), cert: await readFile(join(dir, 'srv.pem'), 'utf8') }
    }).start()
    // A CONNECT proxy that tunnels every target to the fake, recording what was asked for.
    proxy = createServer()
    proxy.on('connect', (req, client, head) => {
      connects.push(req.url ?? '')
      const upstream = connect(fake.port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client).pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
  })
  afterAll(async () => {
    proxy.closeAllConnections()
    await new Promise((r) => proxy.close(r))
    await fake.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('reaches a remote https endpoint through HTTPS_PROXY, trusting the extra CA bundle', async () => {
    const c = new KmsClient({
      endpoint: 'https://kms.test',
      organisation: 'sandbox',
      auth,
      caBundle: ca,
      proxyEnv: { HTTPS_PROXY: proxyUrl() }
    })
    expect((await c.summary()).featureEnabled).toBe(true)
    expect(connects).toContain('kms.test:443')
    await c.close()
  })

  it('verifies TLS: without the CA bundle the certificate is refused, with a hint, and not retried', async () => {
    const before = connects.length
    const c = new KmsClient({
      endpoint: 'https://kms.test',
      organisation: 'sandbox',
      auth,
      proxyEnv: { HTTPS_PROXY: proxyUrl() },
      retry: { sleep: async () => undefined }
    })
    const e = await c.summary().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(KmsError)
    expect((e as KmsError).appError).toMatchObject({ code: 'network', hint: expect.stringContaining('CA bundle') })
    expect(connects.length - before).toBe(1)
    await c.close()
  })

  it('loopback https bypasses the proxy', async () => {
    const before = connects.length
    const c = new KmsClient({
      endpoint: `https://localhost:${fake.port}`,
      organisation: 'sandbox',
      auth,
      caBundle: ca,
      proxyEnv: { HTTPS_PROXY: proxyUrl() }
    })
    expect((await c.summary()).featureEnabled).toBe(true)
    expect(connects.length).toBe(before)
    await c.close()
  })
})
