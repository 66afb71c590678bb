import { CiphertextOrigins } from '../services/keys/ciphertext-origin'
import { fromPayload, toPayload } from '../services/keys/text-crypto'
import { textReport } from '../services/keys/text-report'
import { verifyText } from '../services/keys/text-verify'
import type { Core } from '../services/core'
import type { Handler } from './dispatch'

const version = (v: string | undefined) => (v ? { keyVersion: v } : {})

export const cryptoHandlers = (core: Core) => {
  const ws = core.workspace
  const origins = new CiphertextOrigins()
  return {
    'crypto:encrypt': (async ({ region, id, plaintext, encoding, keyVersion }) => {
      const payload = toPayload(plaintext, encoding, 'plaintext')
      const r = await ws.audited('crypto:encrypt', { region, key: id }, (c) =>
        c.encrypt(region, id, { plaintext: payload, ...version(keyVersion) })
      )
      origins.remember(r.ciphertext, { region, key: id })
      return { value: r.ciphertext, keyVersion: r.keyVersion }
    }) satisfies Handler<'crypto:encrypt'>,
    'crypto:decrypt': (async ({ region, id, ciphertext }) => {
      const r = await ws
        .audited('crypto:decrypt', { region, key: id }, (c) => c.decrypt(region, id, { ciphertext: ciphertext.trim() }))
        .catch(async (e: unknown) => {
          throw await origins.explain(
            e,
            ciphertext,
            { region, key: id },
            async (o) => (await (await ws.client()).getKey(o.region, o.key)).name
          )
        })
      const out = fromPayload(r.plaintext)
      return { plaintext: out.text, encoding: out.encoding, bytes: out.bytes, keyVersion: r.keyVersion }
    }) satisfies Handler<'crypto:decrypt'>,
    'crypto:sign': (async ({ region, id, input, encoding, hashAlgorithm, prehashed, keyVersion }) => {
      const r = await ws.audited('crypto:sign', { region, key: id }, (c) =>
        c.sign(region, id, { input: toPayload(input, encoding), hashAlgorithm, prehashed, ...version(keyVersion) })
      )
      return { value: r.signature, keyVersion: r.keyVersion }
    }) satisfies Handler<'crypto:sign'>,
    'crypto:verify': (async ({ region, id, input, encoding, signature, hashAlgorithm, prehashed }) =>
      ws.audited('crypto:verify', { region, key: id }, async (c) => {
        const r = await verifyText(c, region, id, {
          input: toPayload(input, encoding),
          signature: signature.trim(),
          hashAlgorithm,
          prehashed
        })
        return {
          ...r,
          report: await textReport(c, region, id, {
            kind: 'signature',
            value: signature.trim(),
            hash: hashAlgorithm ?? 'sha2-256',
            ...r
          })
        }
      })) satisfies Handler<'crypto:verify'>,
    'crypto:hmac': (async ({ region, id, input, encoding, algorithm, keyVersion }) => {
      const r = await ws.audited('crypto:hmac', { region, key: id }, (c) =>
        c.hmac(region, id, { input: toPayload(input, encoding), algorithm, ...version(keyVersion) })
      )
      return { value: r.hmac, keyVersion: r.keyVersion }
    }) satisfies Handler<'crypto:hmac'>,
    'crypto:verify-hmac': (async ({ region, id, input, encoding, hmac, algorithm }) =>
      ws.audited('crypto:verify-hmac', { region, key: id }, async (c) => {
        const r = await c.verifyHmac(region, id, {
          input: toPayload(input, encoding),
          hmac: hmac.trim(),
          hashAlgorithm: algorithm
        })
        return {
          ...r,
          report: await textReport(c, region, id, {
            kind: 'hmac',
            value: hmac.trim(),
            hash: algorithm ?? 'fixed by the key type',
            valid: r.valid
          })
        }
      })) satisfies Handler<'crypto:verify-hmac'>,
    'clipboard:copy': (async ({ text, sensitive }) =>
      core.clipboard.copy(text, sensitive)) satisfies Handler<'clipboard:copy'>
  }
}
