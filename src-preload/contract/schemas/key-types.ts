import { z } from 'zod'
import { KEY_TYPES } from '../key-matrix'

export * from '../key-matrix'

export const KeyTypeSchema = z.enum(KEY_TYPES)
