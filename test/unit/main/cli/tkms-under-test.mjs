#!/usr/bin/env node
// TEST ONLY: runs the shipped CLI bundle (out/cli/tkms.js) with the OS keychain module replaced by
// a stand-in that keeps secrets in the JSON file named by TKMS_TEST_KEYCHAIN_FILE, so CLI tests can
// run as subprocesses without a Secret Service. The shipped bundle has no such switch: the swap
// happens here, in module resolution, and only for processes started through this file.
import './keychain-stand-in.mjs'

await import('../../../../out/cli/tkms.js')
