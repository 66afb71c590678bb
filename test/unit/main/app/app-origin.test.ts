import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CSP, isSafeExternalUrl, isTrustedOrigin, resolveAppPath } from '../../../../src-main/app/app-origin'

const root = resolve('/srv/renderer')

describe('app:// path resolution', () => {
  it('maps app URLs inside the renderer folder', () => {
    expect(resolveAppPath(root, 'app://kms/index.html')).toBe(join(root, 'index.html'))
    expect(resolveAppPath(root, 'app://kms/')).toBe(join(root, 'index.html'))
    expect(resolveAppPath(root, 'app://kms/assets/a.js?x=1')).toBe(join(root, 'assets', 'a.js'))
  })

  it.each(['app://kms/../etc/passwd', 'app://kms/%2e%2e/%2e%2e/etc/passwd'])(
    'clamps %s to the renderer folder',
    (url) => {
      // The URL parser removes dot segments first, so these can only name files inside the root.
      expect(resolveAppPath(root, url)).toBe(join(root, 'etc', 'passwd'))
    }
  )

  it.each([
    'app://kms/assets/..%2f..%2fsecret',
    'app://kms/..%2f..%2fetc%2fpasswd',
    'app://kms/..%5c..%5cwindows',
    'app://kms/a%00.js',
    'app://other/index.html',
    'file:///etc/passwd',
    'not a url'
  ])('refuses %s', (url) => {
    expect(resolveAppPath(root, url)).toBeUndefined()
  })
})

describe('origins and external links', () => {
  it('trusts only our scheme and, in development, the dev server', () => {
    expect(isTrustedOrigin('app://kms/index.html')).toBe(true)
    expect(isTrustedOrigin('app://evil/index.html')).toBe(false)
    expect(isTrustedOrigin('https://kms.example/')).toBe(false)
    expect(isTrustedOrigin('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedOrigin('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
  })

  it('opens only https links to the Thalassa docs and console externally', () => {
    expect(isSafeExternalUrl('https://docs.thalassa.cloud/docs/kms/')).toBe(true)
    expect(isSafeExternalUrl('https://console.thalassa.cloud/')).toBe(true)
    expect(isSafeExternalUrl('http://docs.thalassa.cloud/')).toBe(false)
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false)
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false)
    expect(isSafeExternalUrl('https://evil.example/')).toBe(false)
    expect(isSafeExternalUrl('https://docs.thalassa.cloud.evil.example/')).toBe(false)
    expect(isSafeExternalUrl('https://docs.thalassa.cloud@evil.example/')).toBe(false)
    expect(isSafeExternalUrl('https://user@docs.thalassa.cloud/')).toBe(false)
    expect(isSafeExternalUrl('https://docs.thalassa.cloud:8443/')).toBe(false)
  })

  it('has a strict CSP: no eval, no remote connections', () => {
    expect(CSP).toContain("default-src 'self'")
    expect(CSP).toContain("connect-src 'self'")
    expect(CSP).not.toContain('unsafe-eval')
    expect(CSP).toMatch(/script-src 'self'(;|$)/)
  })
})
