import { CertificateRequestSchema, CertificateResultSchema } from '../schemas/certs'

export const certsChannels = {
  'keys:certificate': { request: CertificateRequestSchema, response: CertificateResultSchema }
} as const
