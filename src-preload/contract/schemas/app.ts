import { z } from 'zod'

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** Electron, Chromium and Node versions when running in Electron; Node only elsewhere. */
  versions: z.record(z.string(), z.string()),
  dataDir: z.string(),
  sandboxUrl: z.string().optional()
})
export type AppInfo = z.infer<typeof AppInfoSchema>
