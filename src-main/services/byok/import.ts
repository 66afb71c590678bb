import { kmsPublicKey } from '../keys/public-key'
import type { KmsKey } from '@contract/schemas/kms'
import { parseBundle, readBundle, type Bundle } from './bundle'
import { badInput } from './errors'
import { sameFingerprint, spkiFingerprint } from '../shared/fingerprint'
import type { ByokKms } from './kms-port'
import type { KeyMaterial } from './material'
import { parseImportMeta, wrapForImport, type ImportMeta, type ImportMetaInput } from './prepare'
import { RegionSchema, isAsymmetric, parseHashFunction, type HashFunction, type ImportableKeyType } from './types'
import { parseWrappingKey, type WrappingKey } from './wrapping-key'

interface PublicKeyCheck {
  /** Fingerprint of the public key of the local material (bundle or one-step). */
  localFingerprint: string
  /** Fingerprint of the public key the KMS reports for the new key; absent if it could not be read. */
  remoteFingerprint?: string
  match: boolean
  version: number
}

export interface ImportReport {
  key: KmsKey
  region: string
  keyType: ImportableKeyType
  hashFunction: HashFunction
  wrappingKeyFingerprint: string
  /** The KMS marks the key `imported: true`. */
  imported: boolean
  publicKeyCheck?: PublicKeyCheck
  /** Anything that did not check out after the key was created; empty when `ok`. */
  warnings: string[]
  ok: boolean
}

/**
 * The online half: validate the bundle (a file path, or the parsed JSON object), make sure it is
 * for `region` and that the region's wrapping key is still the one it was made for, create the
 * key, then check the result.
 */
export async function importBundle(
  kms: ByokKms,
  source: string | object,
  opts: { region: string }
): Promise<ImportReport> {
  const bundle: Bundle = typeof source === 'string' ? await readBundle(source) : parseBundle(source)
  const region = checkRegion(opts.region)
  if (bundle.region !== region) {
    throw badInput(
      `This bundle was made for region ${bundle.region}, not ${region}.`,
      `Import it into ${bundle.region}, or make a new bundle with the ${region} wrapping key.`,
      'region'
    )
  }
  const current = parseWrappingKey((await kms.getWrappingKey(region)).publicKey)
  if (!sameFingerprint(current.fingerprint, bundle.wrappingKeyFingerprint)) {
    throw badInput(
      `The wrapping key of ${region} has changed since this bundle was made (bundle: ${bundle.wrappingKeyFingerprint}, now: ${current.fingerprint}); the KMS could not unwrap it.`,
      'Save the current wrapping key (tkms byok wrapping-key save), carry it to the offline workstation and run tkms byok prepare again with the same material.'
    )
  }
  const req = {
    name: bundle.name,
    keyType: bundle.keyType,
    importKeyMaterial: bundle.importKeyMaterial,
    hashFunction: bundle.hashFunction,
    allowRotation: bundle.allowRotation,
    ...(bundle.description !== undefined ? { description: bundle.description } : {}),
    ...(bundle.labels !== undefined ? { labels: bundle.labels } : {})
  }
  const key = await kms.createKey(region, req)
  return checkImported(kms, region, key, {
    keyType: bundle.keyType,
    hashFunction: bundle.hashFunction,
    wrappingKeyFingerprint: current.fingerprint,
    publicKeyFingerprint: bundle.publicKeyFingerprint
  })
}

/** Fetch, wrap and import in one go. The material is erased from memory once wrapped. */
export async function importOneStep(
  kms: ByokKms,
  region: string,
  material: KeyMaterial,
  metaInput: ImportMetaInput
): Promise<ImportReport> {
  const keyType = material.keyType
  const publicKeyFingerprint = material.publicKey?.fingerprint
  let meta: ImportMeta
  let current: WrappingKey
  try {
    meta = parseImportMeta(metaInput)
    checkRegion(region)
    current = parseWrappingKey((await kms.getWrappingKey(region)).publicKey)
  } catch (e) {
    material.destroy() // the contract is "erased when this returns", refusals included
    throw e
  }
  const hashFunction = parseHashFunction(meta.hashFunction)
  const key = await kms.createKey(region, {
    name: meta.name,
    keyType,
    importKeyMaterial: wrapForImport(current, material, hashFunction),
    hashFunction,
    allowRotation: meta.allowRotation,
    ...(meta.description !== undefined ? { description: meta.description } : {}),
    ...(meta.labels !== undefined ? { labels: meta.labels } : {})
  })
  return checkImported(kms, region, key, {
    keyType,
    hashFunction,
    wrappingKeyFingerprint: current.fingerprint,
    publicKeyFingerprint
  })
}

function checkRegion(region: string): string {
  const r = RegionSchema.safeParse(region)
  if (!r.success) throw badInput(`"${region}" is not a region slug.`, 'Use a region such as nl-01.', 'region')
  return r.data
}

interface Expected {
  keyType: ImportableKeyType
  hashFunction: HashFunction
  wrappingKeyFingerprint: string
  publicKeyFingerprint: string | undefined
}

/** After create: the key must be the type asked for, marked imported, and hold our public key. */
async function checkImported(kms: ByokKms, region: string, key: KmsKey, exp: Expected): Promise<ImportReport> {
  const warnings: string[] = []
  if (key.keyType !== exp.keyType) warnings.push(`The KMS created a ${key.keyType} key, not ${exp.keyType}.`)
  const imported = key.imported === true
  if (!imported) warnings.push('The KMS does not mark the new key as imported.')
  const report: ImportReport = {
    key,
    region,
    keyType: exp.keyType,
    hashFunction: exp.hashFunction,
    wrappingKeyFingerprint: exp.wrappingKeyFingerprint,
    imported,
    warnings,
    ok: false
  }
  if (isAsymmetric(exp.keyType) && exp.publicKeyFingerprint !== undefined) {
    report.publicKeyCheck = await comparePublicKey(kms, region, key, exp.publicKeyFingerprint, warnings)
  }
  report.ok = warnings.length === 0
  return report
}

async function comparePublicKey(
  kms: ByokKms,
  region: string,
  key: KmsKey,
  local: string,
  warnings: string[]
): Promise<PublicKeyCheck> {
  const version = key.latestVersion ?? 1
  const check: PublicKeyCheck = { localFingerprint: local, match: false, version }
  try {
    const res = await kms.getPublicKey(region, key.identity, version)
    const value =
      res.keys[String(version)] ?? (Object.keys(res.keys).length === 1 ? Object.values(res.keys)[0] : undefined)
    if (value === undefined) throw new Error(`no public key for version ${version}`)
    check.remoteFingerprint = spkiFingerprint(kmsPublicKey(value))
    check.match = sameFingerprint(local, check.remoteFingerprint)
    if (!check.match) {
      warnings.push(
        `The KMS holds a different public key (${check.remoteFingerprint}) than the local material (${local}). Do not use this key; disable it and investigate.`
      )
    }
  } catch (e) {
    warnings.push(`Could not check the new key's public key: ${(e as Error).message}.`)
  }
  return check
}
