import type { Command } from 'commander'
import type { SecretBackend } from '../services/credentials/store'

/**
 * What one `tkms` run reads and writes besides its arguments. The process entry passes the
 * process's own streams and environment; a host that runs commands in its own process (the tests)
 * passes its own, so runs share no output, environment or exit code.
 */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  readonly stdin: CliStdin
  readonly env: NodeJS.ProcessEnv
  /** The home folder (default: the OS's), where `profiles import` finds ~/.tcloud. */
  readonly home?: string
  /** Where secrets are kept (default: the OS keychain). */
  readonly secretBackend?: SecretBackend
  /**
   * The host runs other commands at the same time and stops the shared file workers itself. A
   * process run stops them when its command ends.
   */
  readonly keepFileWorkers?: boolean
}

/** Standard input as the CLI uses it: read to the end, or asked from a terminal with echo off. */
export type CliStdin = NodeJS.ReadableStream & {
  readonly isTTY?: boolean
  setRawMode?: (mode: boolean) => unknown
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }
}

/** One run: its io and the exit code its command set. */
export interface Invocation {
  readonly io: CliIo
  exitCode?: number
}

const invocations = new WeakMap<Command, Invocation>()

/** Ties a run to its program, so every command of the tree finds it (invocationOf). */
export function bindInvocation(program: Command, io: CliIo): Invocation {
  const inv: Invocation = { io }
  invocations.set(program, inv)
  return inv
}

/** The run a command belongs to; a command tree built without one runs on the process's io. */
export function invocationOf(cmd: Command): Invocation {
  let root = cmd
  while (root.parent) root = root.parent
  let inv = invocations.get(root)
  if (!inv) inv = bindInvocation(root, processIo())
  return inv
}
