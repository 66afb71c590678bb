/** The local sandbox: a faithful emulator of the Thalassa KMS API (see docs/sandbox.md). */
export { createManualClock, systemClock, type Clock, type ManualClock } from './clock'
export { SANDBOX_CREDENTIALS, SandboxConfigSchema, FaultsSchema, defaultConfig, type Faults, type SandboxConfig } from './config'
export { startSandbox, type SandboxHandle, type SandboxOptions } from './server'
