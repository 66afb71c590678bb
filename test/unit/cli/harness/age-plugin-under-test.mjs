#!/usr/bin/env node
// TEST ONLY: runs the shipped age plugin bundle (out/cli/age-plugin-thalassa.js) with the keychain
// stand-in of tkms-under-test.mjs, so age can start it from a test's PATH with no Secret Service.
import { register } from 'node:module'

register('./keyring-hooks.mjs', import.meta.url)
await import('../../../../out/cli/age-plugin-thalassa.js')
