import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

describe('Electronegativity gate', () => {
  it('fails on a window with node integration and no isolation', () => {
    const r = spawnSync(
      'node',
      ['test/security/electronegativity-gate.mjs', 'test/fixtures/insecure-app', 'package.json'],
      { encoding: 'utf8', timeout: 300_000 }
    )
    expect(r.status).toBe(1)
    expect(r.stdout).toContain('HIGH CONTEXT_ISOLATION_JS_CHECK')
    expect(r.stdout).toMatch(/[1-9]\d* finding\(s\) of medium severity or above/)
  }, 300_000)
})
