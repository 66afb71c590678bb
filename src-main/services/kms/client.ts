import type {
  CreateKeyRequest,
  KmsKey,
  KmsSummary,
  ListFilter,
  OrganisationMembership,
  Project,
  PublicKeys,
  UpdateRotationRequest,
  WrappingKey
} from '@contract/schemas/kms'
import { ClientCore, type CallOpts, type KmsClientOptions } from './client-core'
import { createKey } from './create-key'
import { cryptoOp } from './crypto-ops'
import { exportKey, getPublicKey, getWrappingKey } from './key-material'
import { lifecycle, updateRotation } from './lifecycle'
import * as reads from './reads'
import type * as W from './wire'

export { KmsError } from './errors'
export { DEFAULT_USER_AGENT, type AuthProvider, type KmsClientOptions } from './client-core'

/**
 * The Thalassa KMS API client. Each endpoint group lives in its own file (reads, create-key,
 * lifecycle, crypto-ops, key-material) as functions over one ClientCore; this class is their face.
 */
export class KmsClient {
  readonly #c: ClientCore

  constructor(o: KmsClientOptions) {
    this.#c = new ClientCore(o, reads.resolveProject)
  }

  /** The project identity X-Project-Identity carries (undefined: organisation scope). */
  async projectIdentity(): Promise<string | undefined> {
    return this.#c.project ? reads.resolveProject(this.#c) : undefined
  }

  summary(o?: CallOpts): Promise<KmsSummary> {
    return reads.summary(this.#c, o)
  }
  listKeys(region: string, filter: ListFilter = {}, o?: CallOpts): Promise<KmsKey[]> {
    return reads.listKeys(this.#c, region, filter, o)
  }
  getKey(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return reads.getKey(this.#c, region, id, o)
  }
  memberships(o?: CallOpts): Promise<OrganisationMembership[]> {
    return reads.memberships(this.#c, o)
  }
  projects(o?: CallOpts): Promise<Project[]> {
    return reads.projects(this.#c, o)
  }

  createKey(region: string, req: CreateKeyRequest, o?: CallOpts): Promise<KmsKey> {
    return createKey(this.#c, region, req, o)
  }
  updateRotation(region: string, id: string, req: UpdateRotationRequest, o?: CallOpts): Promise<KmsKey> {
    return updateRotation(this.#c, region, id, req, o)
  }
  rotate(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return lifecycle(this.#c, region, id, 'rotate', o)
  }
  disable(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return lifecycle(this.#c, region, id, 'disable', o)
  }
  enable(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return lifecycle(this.#c, region, id, 'enable', o)
  }
  scheduleDeletion(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return lifecycle(this.#c, region, id, 'delete', o)
  }
  cancelDeletion(region: string, id: string, o?: CallOpts): Promise<KmsKey> {
    return lifecycle(this.#c, region, id, 'cancel-deletion', o)
  }

  getWrappingKey(region: string, o?: CallOpts): Promise<WrappingKey> {
    return getWrappingKey(this.#c, region, o)
  }
  getPublicKey(region: string, id: string, version?: number, o?: CallOpts): Promise<PublicKeys> {
    return getPublicKey(this.#c, region, id, version, o)
  }
  exportKey(region: string, id: string, i: W.ExportInput = {}, o?: CallOpts): Promise<W.ExportKeyResponse> {
    return exportKey(this.#c, region, id, i, o)
  }

  encrypt(region: string, id: string, i: W.EncryptInput, o?: CallOpts): Promise<W.EncryptResponse> {
    return cryptoOp(this.#c, region, id, 'encrypt', i, o)
  }
  decrypt(region: string, id: string, i: W.DecryptInput, o?: CallOpts): Promise<W.DecryptResponse> {
    return cryptoOp(this.#c, region, id, 'decrypt', i, o)
  }
  sign(region: string, id: string, i: W.SignInput, o?: CallOpts): Promise<W.SignResponse> {
    return cryptoOp(this.#c, region, id, 'sign', i, o)
  }
  verify(region: string, id: string, i: W.VerifyInput, o?: CallOpts): Promise<W.VerifyResponse> {
    return cryptoOp(this.#c, region, id, 'verify', i, o)
  }
  hmac(region: string, id: string, i: W.HmacInput, o?: CallOpts): Promise<W.HmacResponse> {
    return cryptoOp(this.#c, region, id, 'hmac', i, o)
  }
  verifyHmac(region: string, id: string, i: W.VerifyHmacInput, o?: CallOpts): Promise<W.VerifyHmacResponse> {
    return cryptoOp(this.#c, region, id, 'verify-hmac', i, o)
  }

  async close(): Promise<void> {
    if (this.#c.ownsDispatcher) await this.#c.http.dispatcher.close()
  }
}
