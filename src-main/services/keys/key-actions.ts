import type { KmsKey } from '@contract/schemas/kms'
import { AppFailure } from '../kms/errors'
import type { Platform } from '../platform'
import { chooseSaveTarget, writeSaveTarget } from '../shared/save-target'
import type { Workspace } from '../active-scope'
import { kmsPublicKey, publicKeyView, spkiDer, type PublicKeyView } from './public-key'

const label = (k: KmsKey) => `${k.name} (${k.identity})`

/** Destructive operations name the key: the typed name must match the server's copy exactly. */
export async function requireTypedName(ws: Workspace, region: string, id: string, typed: string): Promise<KmsKey> {
  const key = await (await ws.client()).getKey(region, id)
  if (typed !== key.name) {
    throw new AppFailure({
      code: 'bad_input',
      field: 'confirmName',
      message: `The typed name does not match the key's name "${key.name}".`,
      hint: 'Type the key name exactly as shown to confirm.'
    })
  }
  return key
}

export async function publicKeyVersions(
  ws: Workspace,
  region: string,
  id: string,
  version?: number
): Promise<PublicKeyView[]> {
  const { keys } = await (await ws.client()).getPublicKey(region, id, version)
  return Object.entries(keys)
    .map(([v, value]) => publicKeyView(Number(v), value))
    .sort((a, b) => b.version - a.version)
}

/** Saves one version's public key as PEM, DER or JWK where the user picks in a save dialog. */
export async function savePublicKey(
  ws: Workspace,
  platform: Platform,
  r: { region: string; id: string; version: number; format: 'pem' | 'der' | 'jwk' }
) {
  const { keys } = await (await ws.client()).getPublicKey(r.region, r.id, r.version)
  const value = keys[String(r.version)]
  if (!value)
    throw new AppFailure({
      code: 'not_found_or_no_access',
      message: `The key has no public key for version ${r.version}.`,
      hint: 'Pick a version listed on the key.'
    })
  const key = kmsPublicKey(value)
  const ext = r.format === 'jwk' ? 'jwk.json' : r.format
  const target = await chooseSaveTarget(platform, {
    title: 'Save public key',
    defaultName: `${r.id}-v${r.version}.${ext}`
  })
  if (!target) return { cancelled: true }
  const data =
    r.format === 'pem'
      ? key.export({ format: 'pem', type: 'spki' })
      : r.format === 'der'
        ? spkiDer(key)
        : JSON.stringify(key.export({ format: 'jwk' }), null, 2) + '\n'
  await writeSaveTarget(target, data, 0o644)
  return { cancelled: false, path: target.path }
}

/**
 * Break-glass export: the material goes from the KMS straight into a 0600 file the user chose;
 * it is never returned, logged or shown. The buffer is zeroed after writing.
 */
export async function exportMaterial(
  ws: Workspace,
  platform: Platform,
  r: { region: string; id: string; version?: number; confirmName: string }
) {
  const key = await requireTypedName(ws, r.region, r.id, r.confirmName)
  if (!key.exportAllowed) {
    throw new AppFailure({
      code: 'validation',
      message: `Key ${label(key)} was created without export allowed; its material can never be exported.`,
      hint: 'Export must be chosen when a key is created.'
    })
  }
  const target = await chooseSaveTarget(platform, {
    title: 'Save key material (keep it secret)',
    defaultName: `${key.slug}-v${r.version ?? key.latestVersion ?? 1}.key`
  })
  if (!target) return { cancelled: true }
  const res = await ws.audited(
    'keys:export-material',
    { region: r.region, key: key.slug, detail: `version ${r.version ?? 'latest'}` },
    (c) => c.exportKey(r.region, r.id, r.version ? { keyVersion: String(r.version) } : {})
  )
  const material = Buffer.from(res.keyMaterial, 'base64')
  try {
    await writeSaveTarget(target, material, 0o600)
  } finally {
    material.fill(0)
  }
  return { cancelled: false, path: target.path }
}
