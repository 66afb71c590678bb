import type { Command } from 'commander'
import type { CertificateRequest } from '../../services/certs/cert-request'
import { assertTargetFree, writeAtomically } from '../../services/files/output-target'
import type { CliContext } from '../context'
import { collect, positiveInt, run } from '../run'
import { resolveKey } from './key-ref'

interface CertOpts {
  subject: string
  san?: string[]
  keyUsage?: string[]
  out?: string
  force?: boolean
}

// X.509 (with its ASN.1 and curve libraries) loads when a certificate command runs, not at every start.
const certs = async () => {
  const [request, certificate, signing] = await Promise.all([
    import('../../services/certs/cert-request'),
    import('../../services/certs/kms-certificate'),
    import('../../services/signing')
  ])
  return {
    parseKeyUsage: request.parseKeyUsage,
    createCsr: certificate.createCsr,
    createSelfSigned: certificate.createSelfSigned,
    kmsSigning: signing.kmsSigning
  }
}

async function deps(ctx: CliContext, ref: string, { kmsSigning }: Awaited<ReturnType<typeof certs>>) {
  const key = await resolveKey(ctx, ref)
  const ws = (await ctx.core()).workspace
  return { key, kms: kmsSigning(() => ws.client()), signal: ctx.signal }
}

function request(
  { parseKeyUsage }: Awaited<ReturnType<typeof certs>>,
  o: CertOpts,
  defaults: string[]
): CertificateRequest {
  return { subject: o.subject, sans: o.san ?? [], keyUsage: parseKeyUsage(o.keyUsage ?? defaults) }
}

/** PEM to --out (atomically, never over an existing file without --force) or to stdout. */
async function emit(
  ctx: CliContext,
  o: CertOpts,
  pem: string,
  info: Record<string, unknown>,
  what: string
): Promise<void> {
  if (!o.out) {
    if (ctx.out.json) ctx.out.result({ ...info, pem }, () => '')
    else ctx.out.raw(pem)
    return
  }
  const out = o.out
  await assertTargetFree(out, o.force)
  await writeAtomically(out, { mode: 0o644, exact: false, overwrite: o.force }, (p) => p.handle.writeFile(pem))
  ctx.out.result({ ...info, path: out }, () => `${what} → ${out}\n`)
}

const withCertOptions = (c: Command): Command =>
  c
    .requiredOption('--subject <dn>', 'subject, e.g. "CN=api.example.com, O=Example, C=NL"')
    .option(
      '--san <name>',
      'subject alternative name (repeatable): dns:…, ip:…, email:…, uri:… (bare: DNS name or IP)',
      collect
    )
    .option(
      '--key-usage <list>',
      'key usages, comma-separated: digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign',
      collect
    )
    .option('--out <file>', 'write the PEM here instead of stdout')
    .option('--force', 'overwrite --out if it exists')

/** `tkms keys csr` and `tkms keys self-signed`: X.509 from an asymmetric KMS key (docs/interop.md). */
export function keyCertificateCommands(keys: Command): void {
  withCertOptions(
    keys
      .command('csr <key>')
      .description('Create a PKCS#10 certificate signing request for an RSA, ECDSA or Ed25519 key, signed by the KMS')
  ).action((ref: string, o: CertOpts, cmd: Command) =>
    run(cmd, async (ctx) => {
      const c = await certs()
      const d = await deps(ctx, ref, c)
      const r = await (
        await ctx.core()
      ).workspace.audited('keys:csr', { region: d.key.region, key: d.key.slug, detail: o.subject }, () =>
        c.createCsr(d, request(c, o, ['digitalSignature']))
      )
      await emit(ctx, o, r.pem, { subject: o.subject, signatureAlgorithm: r.signatureAlgorithm }, 'CSR')
    })
  )

  withCertOptions(
    keys
      .command('self-signed <key>')
      .description('Create a self-signed X.509 certificate for an RSA, ECDSA or Ed25519 key, signed by the KMS')
  )
    .requiredOption('--days <n>', 'validity in days from now (1 to 36500)', positiveInt)
    .option('--ca', 'mark it as a CA (basicConstraints CA:TRUE; default key usage then adds keyCertSign, cRLSign)')
    .action((ref: string, o: CertOpts & { days: number; ca?: boolean }, cmd: Command) =>
      run(cmd, async (ctx) => {
        const c = await certs()
        const d = await deps(ctx, ref, c)
        const req = {
          ...request(c, o, o.ca ? ['digitalSignature', 'keyCertSign', 'cRLSign'] : ['digitalSignature']),
          days: o.days,
          ca: o.ca === true
        }
        const r = await (
          await ctx.core()
        ).workspace.audited('keys:self-signed', { region: d.key.region, key: d.key.slug, detail: o.subject }, () =>
          c.createSelfSigned(d, req)
        )
        await emit(
          ctx,
          o,
          r.pem,
          {
            subject: o.subject,
            serialNumber: r.serialNumber,
            notAfter: r.notAfter,
            signatureAlgorithm: r.signatureAlgorithm
          },
          `Certificate (serial ${r.serialNumber}, until ${r.notAfter})`
        )
      })
    )
}
