import { isKeyType } from '@contract/schemas/key-types'
import { createCsr, createSelfSigned } from '../services/certs/kms-certificate'
import type { Core } from '../services/core'
import { AppFailure } from '../services/kms/errors'
import { chooseSaveTarget, writeSaveTarget } from '../services/shared/save-target'
import { kmsSigning } from '../services/signing'
import type { Handler } from './dispatch'

/** "Certificate…" on an asymmetric key: built and KMS-signed first, then saved where the user picks. */
export const certsHandlers = (core: Core) => ({
  'keys:certificate': (async (r) => {
    const ws = core.workspace
    const k = await (await ws.client()).getKey(r.region, r.id)
    if (!isKeyType(k.keyType))
      throw new AppFailure({
        code: 'bad_input',
        message: `Key ${k.name} has a key type this version does not know`,
        hint: 'Update the app.'
      })
    if (r.kind === 'self-signed' && r.days === undefined)
      throw new AppFailure({
        code: 'bad_input',
        message: 'A self-signed certificate needs a validity in days',
        hint: 'Enter 1 to 36500 days.'
      })
    const d = {
      kms: kmsSigning(() => ws.client()),
      key: { region: r.region, identity: k.identity, slug: k.slug, keyType: k.keyType }
    }
    const req = { subject: r.subject, sans: r.sans, keyUsage: r.keyUsage }
    const made = await ws.audited(
      r.kind === 'csr' ? 'keys:csr' : 'keys:self-signed',
      { region: r.region, key: k.slug, detail: r.subject },
      () => (r.kind === 'csr' ? createCsr(d, req) : createSelfSigned(d, { ...req, days: r.days ?? 0, ca: r.ca }))
    )
    const target = await chooseSaveTarget(core.platform, {
      title: r.kind === 'csr' ? 'Save certificate signing request' : 'Save certificate',
      defaultName: `${k.slug}.${r.kind === 'csr' ? 'csr' : 'crt'}`
    })
    if (!target) return { ...made, cancelled: true }
    await writeSaveTarget(target, made.pem, 0o644)
    return { ...made, cancelled: false, path: target.path }
  }) satisfies Handler<'keys:certificate'>
})
