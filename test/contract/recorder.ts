import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Recorded {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}
export interface Answer {
  status: number
  body?: unknown
  raw?: string
}

/**
 * A loopback HTTP server that records every request exactly as it arrived and answers what the
 * test says (`answer`), so the client's wire behaviour is seen byte for byte.
 */
export async function startRecorder(
  answer: (r: Recorded) => Answer
): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://recorder')
      const r: Recorded = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      requests.push(r)
      const a = answer(r)
      const text = a.raw ?? (a.body === undefined ? '' : JSON.stringify(a.body))
      res.writeHead(a.status, text ? { 'content-type': 'application/json' } : {})
      res.end(text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
