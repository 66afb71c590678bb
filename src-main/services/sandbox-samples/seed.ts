import type { CreateKeyRequest } from '@contract/schemas/kms'
import { AppFailure } from '../kms/errors'
import type { Workspace } from '../active-scope'

/** A handful of keys that show each kind of work: encrypt, sign and HMAC, labelled like a team would. */
const SAMPLE_KEYS: readonly CreateKeyRequest[] = [
  {
    name: 'payments-api',
    keyType: 'aes256-gcm96',
    description: 'Sample: encrypts payment records',
    labels: { team: 'payments', env: 'sample' },
    keyRotationEnabled: true,
    rotationPeriodInDays: 90
  },
  {
    name: 'release-signing',
    keyType: 'ecdsa-p256',
    description: 'Sample: signs release artefacts',
    labels: { team: 'platform', env: 'sample' }
  },
  {
    name: 'webhook-hmac',
    keyType: 'hmac-sha256',
    description: 'Sample: authenticates webhooks',
    labels: { team: 'integrations', env: 'sample' }
  },
  {
    name: 'backup-escrow',
    keyType: 'rsa-3072',
    description: 'Sample: wraps backup keys for escrow',
    labels: { team: 'security', env: 'sample' }
  }
]

/**
 * Seeds the sample keys into the Local sandbox. Only there (never a cloud organisation), and only
 * into an empty region, so a second click cannot create anything twice.
 */
export async function seedSandboxSamples(
  ws: Workspace,
  kind: 'cloud' | 'sandbox'
): Promise<{ region: string; created: string[] }> {
  if (kind !== 'sandbox') {
    throw new AppFailure({
      code: 'bad_input',
      message: 'Sample keys are only added to the Local sandbox.',
      hint: 'Switch to the Local sandbox profile to try the app with sample keys.'
    })
  }
  const { region } = await ws.scope()
  const client = await ws.client()
  const existing = await client.listKeys(region)
  if (existing.length > 0) {
    throw new AppFailure({
      code: 'exists',
      message: `The Local sandbox already holds ${existing.length} key${existing.length === 1 ? '' : 's'} in ${region}; no samples were added.`,
      hint: 'Open Keys to see them.'
    })
  }
  const created: string[] = []
  for (const k of SAMPLE_KEYS) {
    created.push(
      (await ws.audited('keys:create', { region, key: k.name, detail: k.keyType }, (c) => c.createKey(region, k))).name
    )
  }
  return { region, created }
}
