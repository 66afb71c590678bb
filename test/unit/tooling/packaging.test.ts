import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

interface BuildConfig {
  appId?: string
  productName?: string
  asar?: boolean
  npmRebuild?: boolean
  icon?: string
  files?: string[]
  electronFuses?: Record<string, boolean>
  linux?: { target?: string[] }
  mac?: { target?: string[] }
  win?: { target?: string[] }
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  build?: BuildConfig
  main?: string
  allowScripts?: Record<string, boolean>
}
const build = pkg.build ?? {}

describe('electron-builder configuration', () => {
  it('names the app and packs only the app build output (not the CLI bundle) into an asar', () => {
    expect(build.appId).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/)
    expect(build.productName).toBe('Thalassa KMS Desktop')
    expect(build.asar).toBe(true)
    expect(build.files).toEqual(['out/**/*', '!out/cli/**', 'package.json'])
    expect(pkg.main).toBe('out/main/index.js')
  })

  it('never rebuilds native modules (prebuilt N-API keychain) and never downloads Electron at install', () => {
    expect(build.npmRebuild).toBe(false)
    expect(pkg.allowScripts?.['electron']).toBe(false)
  })

  it('flips the security fuses', () => {
    expect(build.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeCliInspectArguments: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false
    })
  })

  it('targets AppImage and deb, dmg, nsis with an icon that exists', () => {
    expect(build.linux?.target).toEqual(['AppImage', 'deb'])
    expect(build.mac?.target).toEqual(['dmg'])
    expect(build.win?.target).toEqual(['nsis'])
    expect(build.icon && existsSync(build.icon)).toBe(true)
    const png = readFileSync(build.icon ?? '')
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(512) // width from the IHDR chunk
  })
})
