import { X509Certificate } from 'node:crypto'
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import type { CaCertificate } from '@contract/schemas/profiles'
import { AppFailure } from '../kms/errors'

/** Corporate bundles run to a few hundred certificates; anything much larger is not a CA bundle. */
export const MAX_CA_BUNDLE_BYTES = 1024 * 1024
const MAX_CERTIFICATES = 1000
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g

export interface CaBundle {
  pem: string
  certificates: CaCertificate[]
}

const refuse = (
  path: string,
  why: string,
  hint = 'Choose a PEM file containing one or more "BEGIN CERTIFICATE" blocks and nothing secret.'
): AppFailure =>
  new AppFailure({ code: 'bad_input', field: 'caBundlePath', message: `The CA bundle ${path} ${why}`, hint })

/** Reads at most `max` + 1 bytes of a regular file; FIFOs and devices are refused before any read. */
async function readRegular(path: string, max: number): Promise<Buffer> {
  const h = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((e: unknown) => {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : 'error'
    throw refuse(path, `cannot be opened (${code})`, 'Check the path and its permissions.')
  })
  try {
    const st = await h.stat()
    if (!st.isFile()) throw refuse(path, 'is not a regular file (a folder, device or pipe)')
    if (st.size > max) throw refuse(path, `is ${st.size} bytes; a CA bundle is at most ${max} bytes`)
    const buf = Buffer.alloc(max + 1)
    const { bytesRead } = await h.read(buf, 0, buf.length, 0)
    if (bytesRead > max) throw refuse(path, `is larger than ${max} bytes`)
    return buf.subarray(0, bytesRead)
  } finally {
    await h.close()
  }
}

/**
 * A CA bundle as the profile will trust it: a regular file of bounded size holding only PEM
 * certificates that parse as X.509, with each certificate's subject and SHA-256 fingerprint.
 */
export async function readCaBundle(path: string): Promise<CaBundle> {
  const text = (await readRegular(path, MAX_CA_BUNDLE_BYTES)).toString('utf8')
  const blocks = [...text.matchAll(BLOCK)]
  const other = blocks.find((b) => b[1] !== 'CERTIFICATE')
  if (other) throw refuse(path, `contains a "${other[1]}" block; a CA bundle holds certificates only`)
  if (blocks.length === 0) throw refuse(path, 'contains no PEM certificate')
  if (blocks.length > MAX_CERTIFICATES) throw refuse(path, `holds more than ${MAX_CERTIFICATES} certificates`)
  const certificates = blocks.map((b, i) => {
    try {
      const c = new X509Certificate(b[0])
      return {
        subject: c.subject.replace(/\n/g, ', '),
        fingerprint: c.fingerprint256,
        notAfter: new Date(c.validTo).toISOString()
      }
    } catch {
      throw refuse(path, `has a certificate block (number ${i + 1}) that is not a valid X.509 certificate`)
    }
  })
  return { pem: blocks.map((b) => b[0]).join('\n') + '\n', certificates }
}

/** At use: the bundle must still hold exactly the certificates the user saw when adding it. */
export async function pinnedCaBundle(path: string, pinned: readonly CaCertificate[] | undefined): Promise<string> {
  const b = await readCaBundle(path)
  if (
    pinned &&
    (b.certificates.length !== pinned.length || b.certificates.some((c, i) => c.fingerprint !== pinned[i]?.fingerprint))
  )
    throw refuse(
      path,
      'changed since it was added to this profile: its certificates are not the ones that were shown',
      'Add the CA bundle to the profile again and check the fingerprints it shows.'
    )
  return b.pem
}
