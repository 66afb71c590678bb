import { spawn } from 'node:child_process'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The plugin bundle behind the test keychain stand-in (see age-plugin-under-test.mjs). */
const PLUGIN_UNDER_TEST = fileURLToPath(new URL('./age-plugin-under-test.mjs', import.meta.url))

/** A folder holding an `age-plugin-thalassa` launcher, as an installed package puts one on PATH. */
export async function pluginBinDir(dir: string): Promise<string> {
  const bin = join(dir, 'plugin-bin')
  await mkdir(bin, { recursive: true })
  const launcher = join(bin, 'age-plugin-thalassa')
  await writeFile(launcher, `#!/bin/sh\nexec "${process.execPath}" "${PLUGIN_UNDER_TEST}" "$@"\n`)
  await chmod(launcher, 0o755)
  return bin
}

export interface ToolResult {
  code: number | null
  stdout: Buffer
  stderr: string
}

/** Runs a real external tool (age, age-keygen, openssl) and collects its output. */
export function tool(
  cmd: string,
  args: string[],
  o: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string | Buffer } = {}
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: o.env ?? process.env, cwd: o.cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.on('error', reject)
    // A command that exits before reading its input closes the pipe (EPIPE): its exit code and output are what count.
    child.stdin.on('error', () => undefined)
    child.stdin.end(o.input ?? '')
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') })
    )
  })
}
