import { isIP } from 'node:net'

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', ''])
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

const bare = (host: string): string => host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
const withPort = (host: string, port: number): string =>
  `${isIP(bare(host)) === 6 ? `[${bare(host)}]` : bare(host)}:${port}`

/** True when `host` (as given to --host) keeps the sandbox on this machine. */
function isLoopbackBind(host: string): boolean {
  const h = bare(host)
  return LOOPBACK.has(h) || (isIP(h) === 4 && h.startsWith('127.'))
}

/**
 * The Host headers the sandbox answers: `127.0.0.1:<port>`, `localhost:<port>` and `[::1]:<port>`,
 * plus the address it was told to listen on. A wildcard bind (0.0.0.0, ::) also accepts any IP
 * literal with the port: a web page can only send those for an address it was opened on, while a
 * DNS-rebinding page always sends its own host name, which is refused.
 */
export function hostAllowList(bindHost: string, port: number): (header: string | undefined) => boolean {
  const allowed = new Set(['127.0.0.1', 'localhost', '::1'].map((h) => withPort(h, port)))
  const wildcard = WILDCARDS.has(bindHost.trim())
  if (!wildcard) allowed.add(withPort(bindHost, port))
  return (header) => {
    if (!header) return false
    const h = header.trim().toLowerCase()
    if (allowed.has(h)) return true
    if (!wildcard) return false
    const m = /^(\[[0-9a-f:.]+\]|[0-9.]+):(\d+)$/.exec(h)
    return m !== null && Number(m[2]) === port && isIP(bare(m[1] ?? '')) !== 0
  }
}

/** The warning printed before the sandbox listens beyond loopback; undefined for a loopback address. */
export function exposureWarning(host: string): string | undefined {
  if (isLoopbackBind(host)) return undefined
  const where = WILDCARDS.has(host.trim()) ? 'every network interface' : host
  return [
    `WARNING: the sandbox will listen on ${where}, which other machines on your network can reach.`,
    'Its credentials are public test values, so anyone who can connect can create, use and delete its keys.',
    'Use --host 127.0.0.1 (the default) unless you really mean to share it.'
  ].join('\n')
}

/** Whether every %-escape of a request target is well formed (and decodes as UTF-8). */
export function wellEncoded(target: string): boolean {
  const q = target.indexOf('?')
  const path = q < 0 ? target : target.slice(0, q)
  const query = q < 0 ? [] : target.slice(q + 1).split(/[&=]/)
  try {
    for (const part of [path, ...query]) decodeURIComponent(part.replaceAll('+', ' '))
    return true
  } catch {
    return false
  }
}
