/**
 * Screenshots of the real renderer for the README and docs are taken only when asked for
 * (`npm run screens`): they assert nothing, and 137 of them cost about 24 s of every test run.
 */
export const SCREENS_WANTED = process.env['TKMS_SCREENS'] === '1'
