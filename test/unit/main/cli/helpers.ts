import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import { SANDBOX_CREDENTIALS, startSandbox, type SandboxHandle } from '../../../../src-main/sandbox'
import { pooledKeyPairs } from '../../../support/key-pool'
import { tkmsInProcess } from '../../../support/tkms-in-process'

/** The shipped CLI bundle (built by `npm run build:cli`; vitest's global setup rebuilds it). */
export const SHIPPED_BIN = fileURLToPath(new URL('../../../../out/cli/tkms.js', import.meta.url))
/** The shipped bundle with the test-only keychain stand-in (TKMS_TEST_KEYCHAIN_FILE) swapped in. */
export const BIN = fileURLToPath(new URL('./tkms-under-test.mjs', import.meta.url))
export const C = SANDBOX_CREDENTIALS

export interface Result {
  code: number | null
  stdout: string
  stderr: string
  json: <T = Record<string, unknown>>() => T
}

/** Env for a CLI run: its own data dir, the stand-in keychain's file, no real keychain. */
export function cliEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: dataDir,
    NODE_ENV: 'test',
    TKMS_DATA_DIR: dataDir,
    TKMS_TEST_KEYCHAIN_FILE: join(dataDir, 'test-keychain.json'),
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent-bus',
    ...extra
  }
}

const result = (code: number | null, stdout: string, stderr: string): Result => ({
  code,
  stdout,
  stderr,
  json: <T>() => JSON.parse(stdout) as T
})

/**
 * Runs a `tkms` command line in the test process (test/support/tkms-in-process.ts): the CLI's
 * sources, with the stand-in keychain.
 */
export async function tkms(
  args: string[],
  o: { env: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string }
): Promise<Result> {
  const r = await tkmsInProcess(args, o)
  return result(r.code, r.stdout, r.stderr)
}

/**
 * Runs the shipped CLI bundle as a subprocess (by default through BIN, with the stand-in keychain):
 * for what only a real process shows (exit status, pipes, signals, the bundle and its start).
 */
export function tkmsProcess(
  args: string[],
  o: { env: NodeJS.ProcessEnv; input?: string | Buffer; cwd?: string; runner?: string }
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [o.runner ?? BIN, ...args], {
      env: o.env,
      cwd: o.cwd ?? process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe']
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.on('error', reject)
    // A command that exits before reading its input closes the pipe (EPIPE): its exit code and output are what count.
    child.stdin.on('error', () => undefined)
    child.stdin.end(o.input ?? '')
    child.on('close', (code) => {
      resolve(result(code, Buffer.concat(out).toString('utf8'), Buffer.concat(err).toString('utf8')))
    })
  })
}

export async function tempDir(prefix = 'tkms-cli-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/**
 * A sandbox in the test process and a data dir whose active profile is a cloud profile pointing at
 * it with the admin PAT (added through the CLI, secret on stdin), so CLI runs can go in parallel.
 * `run` runs in the test process (tkms), `runProcess` as a process of its own (tkmsProcess).
 */
export async function setup(): Promise<{
  dir: string
  env: NodeJS.ProcessEnv
  sandbox: SandboxHandle
  run: (args: string[], input?: string | Buffer) => Promise<Result>
  /** The same, through a real `tkms` process (tkmsProcess). */
  runProcess: (args: string[], input?: string | Buffer) => Promise<Result>
  cleanup: () => Promise<void>
}> {
  const dir = await tempDir()
  const sandbox = await startSandbox({
    dataDir: join(dir, 'sandbox-server'),
    port: 0,
    schedulerIntervalMs: 0,
    keyPairs: pooledKeyPairs()
  })
  const env = cliEnv(join(dir, 'data'))
  const run = (args: string[], input?: string | Buffer) =>
    tkms(args, { env, cwd: dir, ...(input !== undefined ? { input } : {}) })
  const added = await run(
    [
      'profiles',
      'add',
      'test',
      '--endpoint',
      sandbox.url,
      '--organisation',
      C.organisation,
      '--default-region',
      'nl-01',
      '--secret-stdin',
      '--use'
    ],
    `${C.adminPat}\n`
  )
  if (added.code !== 0) throw new Error(`profiles add failed: ${added.stderr}`)
  return {
    dir,
    env,
    sandbox,
    run,
    runProcess: (args, input) => tkmsProcess(args, { env, cwd: dir, ...(input !== undefined ? { input } : {}) }),
    cleanup: async () => {
      await sandbox.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export interface AppErrorJson {
  error: { code: string; message: string; hint?: string }
}
/** Asserts the command exited 0 (showing its stderr otherwise) and passes the result on. */
export const ok = (r: Result): Result => {
  expect(r.code, r.stderr).toBe(0)
  return r
}

export const errorOf = (r: Result): AppErrorJson['error'] =>
  (JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '{}') as AppErrorJson).error
