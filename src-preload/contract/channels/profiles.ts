import { z } from 'zod'
import { ProfileViewSchema } from '../schemas/profiles'

export const profileChannels = {
  'profiles:list': { request: z.undefined(), response: z.array(ProfileViewSchema) }
} as const
