import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { CSP, resolveAppPath } from './app-origin'

// Electron-free so the UI test bridge serves the renderer through the very same code.
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** Serves the built renderer from `root` with the CSP header; anything outside `root` is a 404. */
export async function serveApp(root: string, request: Request): Promise<Response> {
  const path = resolveAppPath(root, request.url)
  if (!path) return new Response('Not found', { status: 404 })
  try {
    const body = await readFile(path)
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff'
      }
    })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}
