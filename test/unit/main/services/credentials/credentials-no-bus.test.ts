import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

describe('real keyring library with no D-Bus session', () => {
  it('fails closed with keychain_unavailable and the fix in the hint', () => {
    const script = fileURLToPath(new URL('../../../../keychain/no-bus-probe.ts', import.meta.url))
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      XDG_RUNTIME_DIR: '/nonexistent-runtime-dir'
    }
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { env, encoding: 'utf8', timeout: 20_000 })
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
    expect(out.set).toMatchObject({
      code: 'keychain_unavailable',
      message: expect.stringContaining('store the secret'),
      hint: expect.stringContaining('unlock your login keyring')
    })
    expect(out.get).toMatchObject({ code: 'keychain_unavailable' })
    expect(r.stdout + r.stderr).not.toContain('tc_pat_should_not_be_stored')
  })
})
