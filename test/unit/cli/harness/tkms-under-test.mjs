#!/usr/bin/env node
// TEST ONLY: runs the shipped CLI bundle (out/cli/tkms.js) with the OS keychain module replaced by
// a stand-in that keeps secrets in the JSON file named by TKMS_TEST_KEYCHAIN_FILE, so CLI tests can
// run as subprocesses without a Secret Service. The shipped bundle has no such switch: the swap
// happens here, in CommonJS module resolution (the bundle requires the native module), and only for
// processes started through this file.
import Module from 'node:module'
import { fileURLToPath } from 'node:url'

const standIn = fileURLToPath(new URL('./file-keyring.cjs', import.meta.url))
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return request === '@napi-rs/keyring' ? standIn : resolveFilename.call(this, request, ...rest)
}
await import('../../../../out/cli/tkms.js')
