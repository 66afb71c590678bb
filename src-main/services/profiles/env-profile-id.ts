/**
 * Id and name of the profile made from THALASSA_* variables (never saved; not a UUID, so it never
 * clashes). A module of its own: the CLI names it at start without loading the profile schemas.
 */
export const ENV_PROFILE_ID = 'env'
