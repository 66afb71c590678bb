// TEST ONLY: makes require('@napi-rs/keyring') answer with the file-backed stand-in (file-keyring.cjs).
// The shipped bundles require the native module lazily (a bundled import()), through CommonJS resolution.
import Module from 'node:module'
import { fileURLToPath } from 'node:url'

const standIn = fileURLToPath(new URL('./file-keyring.cjs', import.meta.url))
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return request === '@napi-rs/keyring' ? standIn : resolveFilename.call(this, request, ...rest)
}
