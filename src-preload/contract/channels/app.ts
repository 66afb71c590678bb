import { z } from 'zod'
import { AppInfoSchema } from '../schemas/app'

export const appChannels = {
  'app:info': { request: z.undefined(), response: AppInfoSchema }
} as const
