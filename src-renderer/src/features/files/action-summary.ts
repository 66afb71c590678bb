import type { FileOperation } from '@contract/schemas/files'
import { operationInfo } from './operations'

export interface RunPlan {
  operation: FileOperation
  files: number
  /** Chosen recipient keys (encrypt, re-encrypt), as `slug · region`. */
  recipients: readonly { name: string; region: string }[]
  /** The signing or HMAC key. */
  key?: { name: string; region: string }
  outputDir?: string
  verifyOffline?: boolean
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const keyText = (k: { name: string; region: string }) => `${k.name} · ${k.region}`

/** One sentence saying what the start button will do, e.g. "Encrypt 3 files to 2 keys (a · nl-01, b · nl-02) → folder /out". */
export function describeRun(p: RunPlan): string {
  const verb = operationInfo(p.operation).verb
  const files = plural(p.files, 'file')
  const where = p.outputDir ? ` → folder ${p.outputDir}` : ' → beside each file'
  const writes = p.operation !== 'verify' && p.operation !== 'verify-hmac'
  switch (p.operation) {
    case 'encrypt':
    case 'reencrypt': {
      const to =
        p.recipients.length > 0
          ? ` to ${plural(p.recipients.length, 'key')} (${p.recipients.map(keyText).join(', ')})`
          : p.operation === 'reencrypt'
            ? ' to the same keys at their latest version'
            : ''
      return `${verb} ${files}${to}${where}`
    }
    case 'sign':
    case 'hmac':
      return `${verb} ${files}${p.key ? ` with ${keyText(p.key)}` : ''}${where}`
    case 'verify':
      return `${verb} ${files} ${p.verifyOffline ? 'offline, with the chosen public key' : 'with the KMS'}`
    default:
      return `${verb} ${files}${writes ? where : ''}`
  }
}
