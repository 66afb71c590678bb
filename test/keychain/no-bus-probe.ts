/** Spawned without a D-Bus session by credential-store.test.ts: prints what the store reports. */
import { CredentialStore, keyringBackend } from '../../src-main/services/credentials/store'
import { toAppError } from '../../src-main/services/kms/errors'

const store = new CredentialStore({
  backend: keyringBackend({ entryOptions: { linux: { store: 'secret-service' } } }),
  platform: 'linux'
})
const outcome = async (p: Promise<unknown>): Promise<unknown> =>
  p.then(
    (v) => ({ ok: v ?? null }),
    (e: unknown) => toAppError(e)
  )
const set = await outcome(
  store.set('no-bus-probe', 'tc_pat_should_not_be_stored', { origin: 'https://api.thalassa.cloud', auth: 'pat' })
)
const get = await outcome(store.get('no-bus-probe'))
process.stdout.write(JSON.stringify({ set, get }) + '\n')
