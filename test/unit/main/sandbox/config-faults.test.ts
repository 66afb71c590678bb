import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { defaultConfig, startSandbox } from '../../../../src-main/sandbox/index'
import { openSandbox, tempDir, type TestSandbox } from './helpers'

describe('config', () => {
  const dirs: string[] = []
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  })

  it('reads a YAML config file: organisations, tokens and regions replace the defaults', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const configPath = join(dir, 'sandbox.yaml')
    await writeFile(
      configPath,
      [
        'organisations: [{ slug: acme, name: Acme, kmsEnabled: true, projects: [{ slug: web, name: Web }] }]',
        'regions: [{ slug: eu-1, name: EU 1, kmsAvailable: true }]',
        'personalAccessTokens: [{ name: ci, token: tc_pat_ci_token_1, grants: [{ organisation: acme, access: full }] }]'
      ].join('\n')
    )
    const t = await openSandbox({ dataDir: join(dir, 'data'), configPath })
    try {
      expect((await t.kms('GET', '/keys', { region: 'eu-1', org: 'acme', token: 'tc_pat_ci_token_1' })).status).toBe(
        200
      )
      expect((await t.kms('GET', '/keys', { region: 'eu-1', org: 'acme' })).status).toBe(401)
      expect((await t.kms('GET', '/keys', { org: 'acme', token: 'tc_pat_ci_token_1' })).status).toBe(404)
    } finally {
      await t.sb.close()
    }
  })

  it('refuses an invalid config with a message naming the field', async () => {
    const dir = await tempDir()
    dirs.push(dir)
    const configPath = join(dir, 'bad.json')
    await writeFile(configPath, JSON.stringify({ regions: [] }))
    await expect(startSandbox({ dataDir: join(dir, 'data'), configPath })).rejects.toThrow(/bad\.json.*regions/s)
    await writeFile(configPath, '{nope')
    await expect(startSandbox({ dataDir: join(dir, 'data'), configPath })).rejects.toThrow(/not valid JSON/)
  })

  it('takes faults from options.config', async () => {
    const t = await openSandbox({ config: { faults: { ...defaultConfig().faults, errorRate: 1, errorStatus: 500 } } })
    try {
      expect((await t.kms('GET', '/keys')).status).toBe(500)
    } finally {
      await t.stop()
    }
  })
})

describe('faults', () => {
  let t: TestSandbox
  beforeAll(async () => {
    t = await openSandbox()
  })
  afterAll(async () => {
    await t.stop()
  })
  afterEach(() => {
    t.sb.setFaults({ latencyMs: 0, errorRate: 0, resetRate: 0, slowBodyMs: 0, errorStatus: 503 })
  })

  it('are off by default', async () => {
    expect((await t.kms('GET', '/keys')).status).toBe(200)
  })

  it('injects 503 (or 500) errors with a {message} body', async () => {
    t.sb.setFaults({ errorRate: 1 })
    const r = await t.kms('GET', '/keys')
    expect(r.status).toBe(503)
    expect(r.body.message).toMatch(/injected fault/)
    t.sb.setFaults({ errorStatus: 500 })
    expect((await t.kms('GET', '/keys')).status).toBe(500)
  })

  it('resets connections', async () => {
    t.sb.setFaults({ resetRate: 1 })
    await expect(t.kms('GET', '/keys')).rejects.toThrow()
  })

  it('adds latency and trickles the body, still delivering a complete answer', async () => {
    t.sb.setFaults({ latencyMs: 120 })
    let start = performance.now()
    expect((await t.kms('GET', '/keys')).status).toBe(200)
    expect(performance.now() - start).toBeGreaterThanOrEqual(100)
    t.sb.setFaults({ latencyMs: 0, slowBodyMs: 150 })
    start = performance.now()
    const r = await t.call('GET', '/v1/kms/summary')
    expect(r.body.featureEnabled).toBe(true)
    expect(performance.now() - start).toBeGreaterThanOrEqual(100)
  })

  it('rejects out-of-range fault settings', () => {
    expect(() => t.sb.setFaults({ errorRate: 2 })).toThrow()
    expect(() => t.sb.setFaults({ latencyMs: -1 })).toThrow()
  })
})
