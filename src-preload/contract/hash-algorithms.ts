/** Hash algorithms of the KMS's sign and verify calls (a module of its own: the CLI lists them without zod). */
export const HASH_ALGORITHMS = ['sha2-256', 'sha2-384', 'sha2-512'] as const
