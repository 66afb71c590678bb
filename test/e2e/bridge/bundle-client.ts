import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

let cached: string | undefined

/** The WebSocket transport as one IIFE script for page.addInitScript. */
export async function bridgeClientScript(): Promise<string> {
  if (cached) return cached
  const entry = fileURLToPath(new URL('./client.ts', import.meta.url))
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120'
  })
  cached = out.outputFiles[0]?.text ?? ''
  return cached
}
