/** The BYOK ceremony's steps and their checks: pure, so the rules are tested without a screen. */

export type CeremonyStep = 1 | 2 | 3

export interface StepInfo {
  step: CeremonyStep
  machine: 'online' | 'offline'
  title: string
  where: string
}

export const STEPS: readonly [StepInfo, StepInfo, StepInfo] = [
  { step: 1, machine: 'online', title: 'Get the wrapping key', where: 'Online machine (signed in to Thalassa Cloud)' },
  {
    step: 2,
    machine: 'offline',
    title: 'Prepare the wrapped bundle',
    where: 'Offline machine (air-gapped, holds the key material)'
  },
  { step: 3, machine: 'online', title: 'Import the bundle', where: 'Online machine again' }
]

export interface CeremonySnapshot {
  wrappingKey: boolean
  wrappingKeySaved: boolean
  wrappingKeyConfirmed: boolean
  material: boolean
  settingsValid: boolean
  bundleWritten: boolean
  bundleOpened: boolean
  regionMatches: boolean
  imported: boolean
  publicKeyMatches: boolean | undefined
}

export interface Check {
  id: string
  label: string
  done: boolean
}

/** What must be true before a step is complete, in the order the user does it. */
export function checksFor(step: CeremonyStep, s: CeremonySnapshot): Check[] {
  if (step === 1)
    return [
      { id: 'wk-fetched', label: 'Wrapping key fetched from the region', done: s.wrappingKey },
      { id: 'wk-saved', label: 'Wrapping-key file saved to carry across (fingerprint noted)', done: s.wrappingKeySaved }
    ]
  if (step === 2)
    return [
      { id: 'wk-opened', label: 'Wrapping key opened on this machine', done: s.wrappingKey },
      { id: 'wk-confirmed', label: 'Its fingerprint compared with the online machine’s', done: s.wrappingKeyConfirmed },
      { id: 'material', label: 'Key material generated or loaded', done: s.material || s.bundleWritten },
      { id: 'settings', label: 'Name and settings of the key filled in', done: s.settingsValid || s.bundleWritten },
      { id: 'bundle', label: 'Bundle written (the material is erased once wrapped)', done: s.bundleWritten }
    ]
  return [
    { id: 'bundle-opened', label: 'Bundle opened', done: s.bundleOpened },
    { id: 'region', label: 'Bundle made for the current region', done: s.bundleOpened && s.regionMatches },
    { id: 'imported', label: 'Key imported', done: s.imported },
    {
      id: 'public-key',
      label: 'Public key compared with the bundle (asymmetric keys)',
      done: s.imported && s.publicKeyMatches !== false
    }
  ]
}

export const stepDone = (step: CeremonyStep, s: CeremonySnapshot) => checksFor(step, s).every((c) => c.done)
