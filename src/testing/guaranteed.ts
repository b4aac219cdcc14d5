/**
 * A value the code around it guarantees (a session opened for this very step, an attribute the caller
 * checked, a member the local server always answers with). When it is missing after all, an invariant
 * of the server broke: this throws an internal `Error` naming it, which the HTTP handler answers as a
 * 500 `InternalErrorException`. Not for what a request or the store can leave out: that is a Cognito
 * error (see `errors`). @internal
 *
 * @param value - the value, never `undefined` while the invariant holds
 * @param invariant - what guarantees it, e.g. `'a DEVICE_PASSWORD_VERIFIER session holds its device key'`
 */
export function guaranteed<T>(value: T | undefined, invariant: string): T {
  if (value === undefined) throw new Error(`local Cognito invariant broken: ${invariant}`)
  return value
}
