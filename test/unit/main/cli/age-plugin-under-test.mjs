#!/usr/bin/env node
// TEST ONLY: runs the shipped age plugin bundle (out/cli/age-plugin-thalassa.js) with the keychain
// stand-in of tkms-under-test.mjs, so age can start it from a test's PATH with no Secret Service.
import './keychain-stand-in.mjs'

await import('../../../../out/cli/age-plugin-thalassa.js')
