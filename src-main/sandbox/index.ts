/** The local sandbox: a faithful emulator of the Thalassa KMS API (see docs/sandbox.md). */
export { createManualClock } from './clock'
export { SANDBOX_CREDENTIALS, FaultsSchema, defaultConfig } from './config'
export { startSandbox, type SandboxHandle, type SandboxOptions } from './server'
