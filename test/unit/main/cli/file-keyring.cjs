// TEST ONLY: the part of @napi-rs/keyring's API the app uses (AsyncEntry), backed by a JSON file.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS stand-in: the CLI bundle require()s the keychain module */
const { readFileSync, writeFileSync } = require('node:fs')

const file = process.env.TKMS_TEST_KEYCHAIN_FILE
if (!file) throw new Error('TKMS_TEST_KEYCHAIN_FILE must name the stand-in keychain file')

const read = () => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return {}
  }
}
const write = (data) => writeFileSync(file, JSON.stringify(data), { mode: 0o600 })

class AsyncEntry {
  #account
  constructor(_service, account) {
    this.#account = account
  }
  async getPassword() {
    return read()[this.#account] ?? null
  }
  async setPassword(secret) {
    write({ ...read(), [this.#account]: secret })
  }
  async deleteCredential() {
    const data = read()
    const existed = this.#account in data
    delete data[this.#account]
    write(data)
    return existed
  }
}

module.exports = { AsyncEntry }
