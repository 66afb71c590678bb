// TEST ONLY: module resolution hook that answers `@napi-rs/keyring` with the file-backed stand-in.
const standIn = new URL('./file-keyring.mjs', import.meta.url).href

export async function resolve(specifier, context, next) {
  if (specifier === '@napi-rs/keyring') return { url: standIn, shortCircuit: true }
  return next(specifier, context)
}
