import { execFileSync } from 'node:child_process'

/** Certificates for tests, made by openssl: the independent reference, not our own code. */

/** Runs openssl in `dir`, quietly; returns what it printed. */
function openssl(dir: string, ...args: string[]): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
}

/** A self-signed P-256 CA valid for two days: writes `<name>.key` and `<name>.pem` in `dir`. */
export function makeTestCa(dir: string, name: string, subject: string): void {
  openssl(
    dir,
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
    '-days',
    '2',
    '-subj',
    subject
  )
}

/** The SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it (AA:BB:…). */
export function opensslFingerprint(dir: string, file: string): string {
  return openssl(dir, 'x509', '-in', file, '-noout', '-fingerprint', '-sha256').trim().split('=')[1] ?? ''
}
