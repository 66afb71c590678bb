import type { IncomingMessage, ServerResponse } from 'node:http'
import { HttpError } from './errors'

const MAX_BODY_BYTES = 1024 * 1024

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

/** JSON body or `{}` when empty (rotate, disable, ... take no body). */
export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {}
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch {
    throw new HttpError(400, 'request body is not valid JSON')
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Send JSON; with `slowMs` > 0 the body trickles out in pieces over that time (a fault for tests). */
export async function sendJson(res: ServerResponse, status: number, body: unknown, slowMs = 0): Promise<void> {
  const data = Buffer.from(JSON.stringify(body))
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': data.length,
    'cache-control': 'no-store'
  })
  if (slowMs <= 0 || data.length < 2) {
    res.end(data)
    return
  }
  const pieces = Math.min(10, data.length)
  const step = Math.ceil(data.length / pieces)
  for (let off = 0; off < data.length; off += step) {
    if (res.destroyed) return
    res.write(data.subarray(off, off + step))
    await sleep(slowMs / pieces)
  }
  res.end()
}
