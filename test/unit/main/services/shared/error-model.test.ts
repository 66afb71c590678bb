import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppError } from '@contract/errors'
import { EXIT, UsageError, appErrorOf, exitCodeOf } from '../../../../../src-main/cli/errors'
import { createDispatcher, type Handlers } from '../../../../../src-main/ipc/dispatch'
import { ByokError } from '../../../../../src-main/services/byok/errors'
import { createCore, type Core } from '../../../../../src-main/services/core'
import { memoryBackend } from '../../../../../src-main/services/credentials/store'
import { FileError, ioError } from '../../../../../src-main/services/shared/file-errors'
import { jobError } from '../../../../../src-main/services/file-jobs/jobs'
import { KmsError, httpError } from '../../../../../src-main/services/kms/errors'
import { headlessPlatform } from '../../../../../src-main/services/platform'
import { AppFailure, errnoFailure, errnoReason, toAppError, zodIssues } from '../../../../../src-main/services/shared/errors'

/*
 * One error model (services/shared/errors.ts): every error class keeps its code, message, hint and
 * field through the IPC dispatcher, the CLI (printed error and exit code), the activity log and the
 * file jobs. Anything else becomes `internal`, with none of its own text.
 */
type Row = { what: string; error: () => unknown; want: AppError; exit: number }
const rows: Row[] = [
  {
    what: 'FileError bad_input',
    error: () =>
      new FileError('bad_input', 'x.txt is not a Thalassa KMS encrypted file', { hint: 'Choose a .tkms file.' }),
    want: { code: 'bad_input', message: 'x.txt is not a Thalassa KMS encrypted file', hint: 'Choose a .tkms file.' },
    exit: EXIT.usage
  },
  {
    what: 'FileError integrity (with a chunk)',
    error: () => new FileError('integrity', 'chunk 3 failed', { chunk: 3 }),
    want: { code: 'integrity', message: 'chunk 3 failed' },
    exit: EXIT.local
  },
  {
    what: 'FileError io from errno',
    error: () => ioError(Object.assign(new Error('ENOENT: secret/path'), { code: 'ENOENT' }), '/data/in.bin', 'read'),
    want: { code: 'io', message: 'Could not read /data/in.bin: it does not exist' },
    exit: EXIT.local
  },
  {
    what: 'ByokError integrity with field',
    error: () => new ByokError('integrity', 'The bundle was modified', 'Make it again.', 'keyType'),
    want: { code: 'integrity', message: 'The bundle was modified', hint: 'Make it again.', field: 'keyType' },
    exit: EXIT.local
  },
  {
    what: 'ByokError bad_input',
    error: () => new ByokError('bad_input', 'Wrong curve'),
    want: { code: 'bad_input', message: 'Wrong curve' },
    exit: EXIT.usage
  },
  {
    what: 'KmsError 409 (status, field)',
    error: () => httpError(409, 'exists', { action: 'Creating key k' }),
    want: {
      code: 'conflict_slug',
      message: 'Creating key k failed: exists',
      hint: expect.any(String) as unknown as string,
      status: 409,
      field: 'name'
    },
    exit: EXIT.kms
  },
  {
    what: 'KmsError unauthorized',
    error: () => new KmsError({ code: 'unauthorized', message: 'token expired' }),
    want: { code: 'unauthorized', message: 'token expired' },
    exit: EXIT.kms
  },
  {
    what: 'AppFailure keychain',
    error: () => new AppFailure({ code: 'keychain_unavailable', message: 'no keychain', hint: 'Install one.' }),
    want: { code: 'keychain_unavailable', message: 'no keychain', hint: 'Install one.' },
    exit: EXIT.local
  },
  {
    what: 'UsageError',
    error: () => new UsageError('Give --key.', 'See --help.'),
    want: { code: 'bad_input', message: 'Give --key.', hint: 'See --help.' },
    exit: EXIT.usage
  },
  {
    what: 'errno EEXIST',
    error: () => errnoFailure(Object.assign(new Error('x'), { code: 'EEXIST' }), '/o', 'create'),
    want: { code: 'exists', message: 'Could not create /o: it already exists' },
    exit: EXIT.local
  },
  {
    what: 'a plain Error (internal, text not shown)',
    error: () => new Error('TypeError at /home/me/secret.ts:12 tc_pat_abc'),
    want: {
      code: 'internal',
      message: 'An unexpected error occurred in the application.',
      hint: expect.any(String) as unknown as string
    },
    exit: EXIT.local
  },
  {
    what: 'a look-alike object with a forged appError (internal)',
    error: () => ({ appError: { code: 'bad_input', message: 'forged' } }),
    want: {
      code: 'internal',
      message: 'An unexpected error occurred in the application.',
      hint: expect.any(String) as unknown as string
    },
    exit: EXIT.local
  }
]

let dir = ''
let core: Core
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tkms-error-model-'))
  core = await createCore({
    dataDir: join(dir, 'data'),
    appName: 't',
    appVersion: '0',
    platform: headlessPlatform(),
    secretBackend: memoryBackend(),
    env: {},
    home: dir
  })
})
afterAll(async () => {
  await core.close()
  await rm(dir, { recursive: true, force: true })
})

describe('each error class keeps its code everywhere', () => {
  it.each(rows)('$what: IPC dispatch', async ({ error, want }) => {
    const handlers = {
      'app:info': async () => {
        throw error()
      }
    } as unknown as Handlers
    const dispatch = createDispatcher(handlers, { isTrustedOrigin: () => true })
    const r = await dispatch('app:info', { frameUrl: 'app://kms/index.html', isMainFrame: true }, undefined, {
      emit: () => undefined
    })
    expect(r).toEqual({ ok: false, error: want })
  })

  it.each(rows)('$what: CLI error and exit code', ({ error, want, exit }) => {
    const err = appErrorOf(error())
    expect(err).toEqual(want)
    expect(exitCodeOf(err)).toBe(exit)
  })

  it.each(rows)('$what: activity log (audited operation) and file jobs', async ({ what, error, want }) => {
    await expect(
      core.workspace.audited('test:op', { detail: what }, async () => {
        throw error()
      })
    ).rejects.toBeDefined()
    const { entries } = await core.activity.list({ operation: 'test:op', text: what })
    expect(entries[0]).toMatchObject({ outcome: 'error', errorCode: want.code, detail: what })
    expect(jobError(error())).toMatchObject({ code: want.code, message: want.message })
  })

  it('the real BYOK wizard path records a ByokError code in the log (offline step)', async () => {
    const failed = await core.workspace
      .audited('byok:prepare', {}, async () => {
        throw new ByokError('integrity', 'The wrapping-key file was altered')
      })
      .catch((e: unknown) => toAppError(e))
    expect(failed.code).toBe('integrity')
    expect((await core.activity.list({ operation: 'byok:prepare' })).entries[0]?.errorCode).toBe('integrity')
  })
})

describe('shared helpers', () => {
  it('names errno reasons and never echoes an unknown error text', () => {
    expect(errnoReason({ code: 'EACCES' })).toBe('permission denied')
    expect(errnoReason({ code: 'EWEIRD' })).toBe('EWEIRD')
    expect(errnoReason(new Error('/secret/path'))).toBe('unknown error')
  })

  it('formats zod issues as path: message, (root) for the top', () => {
    const r = z.object({ a: z.string(), b: z.object({ c: z.number() }) }).safeParse({ a: 1, b: { c: 'x' } })
    expect(r.success).toBe(false)
    if (!r.success) expect(zodIssues(r.error)).toMatch(/^a: .+; b\.c: .+$/)
    const top = z.string().safeParse(1)
    if (!top.success) expect(zodIssues(top.error)).toMatch(/^\(root\): /)
  })
})
