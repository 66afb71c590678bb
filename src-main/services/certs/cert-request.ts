import { isIP } from 'node:net'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import { KEY_USAGES } from '@contract/schemas/certs'
import { FileError } from '../shared/file-errors'

/** What a CSR or certificate says about its subject (docs/interop.md, "Certificates"). */
export interface CertificateRequest {
  /** RFC 4514-style distinguished name, e.g. `CN=api.example.com, O=Example, C=NL`. */
  subject: string
  /** `dns:name`, `ip:addr`, `email:addr`, `uri:url`; a bare value is a DNS name or an IP address. */
  sans?: string[]
  keyUsage?: KeyUsageName[]
}

export type KeyUsageName = (typeof KEY_USAGES)[number]
const FLAGS: Record<KeyUsageName, x509.KeyUsageFlags> = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  nonRepudiation: x509.KeyUsageFlags.nonRepudiation,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  dataEncipherment: x509.KeyUsageFlags.dataEncipherment,
  keyAgreement: x509.KeyUsageFlags.keyAgreement,
  keyCertSign: x509.KeyUsageFlags.keyCertSign,
  cRLSign: x509.KeyUsageFlags.cRLSign
}

const bad = (message: string, hint: string) => new FileError('bad_input', message, { hint })
/** Attribute names the subject may use (RFC 4514 short names plus the usual extras). */
const KNOWN_ATTRS = new Set([
  'CN',
  'O',
  'OU',
  'C',
  'L',
  'ST',
  'STREET',
  'DC',
  'UID',
  'E',
  'SERIALNUMBER',
  'T',
  'GN',
  'SN'
])

export function parseSubject(subject: string): x509.Name {
  const s = subject.trim()
  const hint = 'Write the subject as NAME=value pairs separated by commas, e.g. "CN=api.example.com, O=Example, C=NL".'
  if (!s) throw bad('The subject is empty', hint)
  let name: x509.Name
  try {
    name = new x509.Name(s)
  } catch (e) {
    throw bad(`The subject "${s}" is not a distinguished name (${e instanceof Error ? e.message : 'unreadable'})`, hint)
  }
  const attrs = name.toJSON().flatMap((rdn) => Object.entries(rdn))
  if (!attrs.length) throw bad(`The subject "${s}" names nothing`, hint)
  for (const [k, v] of attrs) {
    if (!KNOWN_ATTRS.has(k.toUpperCase()) && !/^\d+(\.\d+)+$/.test(k))
      throw bad(
        `The subject attribute "${k}" is unknown`,
        `${hint} Known: ${[...KNOWN_ATTRS].join(', ')}, or a dotted OID.`
      )
    if (!v.length || v.some((x) => !x.trim())) throw bad(`The subject attribute ${k} is empty`, hint)
    if (k.toUpperCase() === 'C' && v.some((x) => !/^[A-Z]{2}$/.test(x)))
      throw bad(`C must be a two-letter country code (got "${v.join(', ')}")`, 'Use an ISO 3166 code such as NL or DE.')
  }
  return name
}

export function parseSans(sans: string[]): x509.JsonGeneralName[] {
  return sans.map((raw) => {
    const m = /^(dns|ip|email|uri):(.+)$/i.exec(raw.trim())
    const [type, value] = m ? [m[1]!.toLowerCase(), m[2]!.trim()] : [isIP(raw.trim()) ? 'ip' : 'dns', raw.trim()]
    const hint = 'Use dns:host.example.com, ip:192.0.2.1, email:ops@example.com or uri:https://example.com.'
    if (
      type === 'dns' &&
      !/^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(
        value
      )
    )
      throw bad(`"${raw}" is not a DNS name`, hint)
    if (type === 'ip' && !isIP(value)) throw bad(`"${raw}" is not an IP address`, hint)
    if (type === 'email' && !/^[^@\s]+@[^@\s]+$/.test(value)) throw bad(`"${raw}" is not an e-mail address`, hint)
    if (type === 'uri' && !URL.canParse(value)) throw bad(`"${raw}" is not a URI`, hint)
    return { type: type as x509.GeneralNameType, value }
  })
}

export function parseKeyUsage(list: string[]): KeyUsageName[] {
  return list
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)
    .map((u) => {
      const hit = KEY_USAGES.find((k) => k.toLowerCase() === u.toLowerCase())
      if (!hit) throw bad(`Unknown key usage "${u}"`, `Use any of: ${KEY_USAGES.join(', ')}.`)
      return hit
    })
}

export function keyUsageFlags(list: readonly KeyUsageName[]): x509.KeyUsageFlags {
  return list.reduce<number>((a, u) => a | FLAGS[u], 0) as x509.KeyUsageFlags
}

/** Validity: from now (a minute back, for clock skew) for `days` whole days. */
export function validity(days: number, now = new Date()): { notBefore: Date; notAfter: Date } {
  if (!Number.isInteger(days) || days < 1 || days > 36_500)
    throw bad(
      `The validity must be 1 to 36500 whole days (got ${days})`,
      'Pass --days with a whole number, e.g. --days 365.'
    )
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000)
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * 86_400_000) }
}
