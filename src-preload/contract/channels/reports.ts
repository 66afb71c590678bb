import { VerificationReportSchema } from '../schemas/verification'
import { SavedFileSchema } from './kms'

export const reportChannels = {
  /** Saves a verification report as JSON where the user chooses in a native save dialog. */
  'reports:export-verification': { request: VerificationReportSchema, response: SavedFileSchema }
} as const
