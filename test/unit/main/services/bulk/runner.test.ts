import { describe, expect, it } from 'vitest'
import type { BulkTarget } from '@contract/schemas/bulk'
import type { KmsKey } from '@contract/schemas/kms'
import { actionSpec } from '../../../../../src-main/services/bulk/actions'
import { checkConfirmation } from '../../../../../src-main/services/bulk/confirm'
import { runBulk, runOne } from '../../../../../src-main/services/bulk/runner'
import type { KmsClient } from '../../../../../src-main/services/kms/client'
import { KmsError } from '../../../../../src-main/services/kms/errors'

const lost = () =>
  new KmsError({
    code: 'network',
    message: 'Rotating failed: could not reach the KMS (ECONNRESET)',
    hint: 'Check the network.'
  })
const refused = () =>
  new KmsError({
    code: 'validation',
    status: 400,
    message: 'Rotating failed: imported without allowRotation',
    hint: 'Import again.'
  })

/** A KMS that counts the rotations it performs and can lose answers or refuse reads on cue. */
class ScriptedKms {
  versions = 1
  status = 'active'
  rotations = 0
  reads = 0
  loseAnswers = 0
  rotateFailsBefore = 0
  failReadsAfter = Infinity
  rotateError: (() => KmsError) | undefined
  key(): KmsKey {
    return {
      identity: 'kms-1',
      name: 'k',
      slug: 'k',
      keyType: 'aes256-gcm96',
      status: this.status,
      exportAllowed: false,
      keyRotationEnabled: false,
      latestVersion: this.versions,
      createdAt: '',
      updatedAt: ''
    }
  }
  async getKey(): Promise<KmsKey> {
    if (++this.reads > this.failReadsAfter) throw lost()
    return this.key()
  }
  async rotate(): Promise<KmsKey> {
    if (this.rotateError) throw this.rotateError()
    if (this.rotateFailsBefore > 0) {
      this.rotateFailsBefore--
      throw lost()
    }
    this.rotations++
    this.versions++
    if (this.loseAnswers-- > 0) throw lost()
    return this.key()
  }
  async disable(): Promise<KmsKey> {
    this.status = 'disabled'
    return this.key()
  }
  get client(): KmsClient {
    return this as unknown as KmsClient
  }
}

const T: BulkTarget = { region: 'nl-01', identity: 'kms-1', name: 'k' }
const fast = { sleep: async () => undefined }

describe('safe retries of one key', () => {
  it('a rotation whose answer was lost is confirmed by re-reading and never sent again', async () => {
    const kms = Object.assign(new ScriptedKms(), { loseAnswers: 1 })
    const r = await runOne(kms.client, actionSpec({ kind: 'rotate' }), T, fast)
    expect(r).toMatchObject({ outcome: 'done', attempts: 1, confirmedByReread: true })
    expect(kms.rotations).toBe(1)
  })

  it('a rotation that did not land (request lost) is sent again after the re-read', async () => {
    const kms = Object.assign(new ScriptedKms(), { rotateFailsBefore: 2 })
    const r = await runOne(kms.client, actionSpec({ kind: 'rotate' }), T, fast)
    expect(r).toMatchObject({ outcome: 'done', attempts: 3 })
    expect(kms.rotations).toBe(1)
    expect(kms.versions).toBe(2)
  })

  it('when the key cannot be re-read after a lost answer it is reported failed, not resent', async () => {
    const kms = Object.assign(new ScriptedKms(), { loseAnswers: 1, failReadsAfter: 1 })
    const r = await runOne(kms.client, actionSpec({ kind: 'rotate' }), T, fast)
    expect(r.outcome).toBe('failed')
    expect(r.message).toMatch(/may or may not be rotated/)
    expect(kms.rotations).toBe(1)
  })

  it('a definite refusal (400) is reported at once without retrying', async () => {
    const kms = Object.assign(new ScriptedKms(), { rotateError: refused })
    const r = await runOne(kms.client, actionSpec({ kind: 'rotate' }), T, fast)
    expect(r).toMatchObject({ outcome: 'failed', attempts: 1, code: 'validation' })
  })

  it('gives up after the attempt budget with the key unchanged', async () => {
    const kms = Object.assign(new ScriptedKms(), { rotateFailsBefore: 10 })
    const r = await runOne(kms.client, actionSpec({ kind: 'rotate' }), T, { ...fast, maxAttempts: 3 })
    expect(r).toMatchObject({ outcome: 'failed', attempts: 3 })
    expect(kms.versions).toBe(1)
  })

  it('a disabled key is not rotated, and an already-disabled key is left unchanged', async () => {
    const kms = Object.assign(new ScriptedKms(), { status: 'disabled' })
    expect(await runOne(kms.client, actionSpec({ kind: 'rotate' }), T, fast)).toMatchObject({
      outcome: 'failed',
      attempts: 0
    })
    expect(await runOne(kms.client, actionSpec({ kind: 'disable' }), T, fast)).toMatchObject({
      outcome: 'unchanged',
      attempts: 0
    })
    expect(kms.rotations).toBe(0)
  })
})

describe('runs', () => {
  it('cancelling stops between keys: started keys finish, the rest are cancelled', async () => {
    const kms = new ScriptedKms()
    const ac = new AbortController()
    const targets = Array.from({ length: 5 }, (_, i) => ({ ...T, name: `k${i}` }))
    const seen: string[] = []
    const results = await runBulk({
      client: kms.client,
      action: { kind: 'rotate' },
      targets,
      concurrency: 1,
      retry: fast,
      signal: ac.signal,
      onResult: (_i, r) => {
        seen.push(r.outcome)
        if (r.outcome === 'done') ac.abort()
      }
    })
    expect(results.map((r) => r.outcome)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled', 'cancelled'])
    expect(seen.slice(0, 2)).toEqual(['running', 'done'])
    expect(kms.rotations).toBe(1)
  })
})

describe('typed confirmation of a deletion', () => {
  const targets = [T, { ...T, identity: 'kms-2' }, { ...T, identity: 'kms-3' }]
  it('accepts the exact count and scope', () => {
    expect(() =>
      checkConfirmation(
        { kind: 'schedule-deletion' },
        targets,
        { count: 3, scope: 'Local sandbox · nl-01' },
        'Local sandbox · nl-01'
      )
    ).not.toThrow()
  })
  it('refuses a wrong count, a missing count and a wrong scope', () => {
    expect(() =>
      checkConfirmation(
        { kind: 'schedule-deletion' },
        targets,
        { count: 2, scope: 'Local sandbox · nl-01' },
        'Local sandbox · nl-01'
      )
    ).toThrow(/typed count 2 does not match the 3 keys/)
    expect(() => checkConfirmation({ kind: 'schedule-deletion' }, targets, undefined)).toThrow(
      /needs the count typed back/
    )
    expect(() =>
      checkConfirmation(
        { kind: 'schedule-deletion' },
        targets,
        { count: 3, scope: 'Prod · nl-01' },
        'Local sandbox · nl-01'
      )
    ).toThrow(/scope does not match/)
  })
  it('other actions need no confirmation', () => {
    expect(() => checkConfirmation({ kind: 'disable' }, targets, undefined)).not.toThrow()
  })
})
