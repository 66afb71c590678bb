import { app } from 'electron'

/** The app's data folder; tests may point it elsewhere, but only in an unpackaged build. */
export function dataDir(): string {
  const override = process.env['THALASSA_KMS_DATA_DIR']
  if (override && !app.isPackaged) return override
  return app.getPath('userData')
}
