import { AuthError, type AuthErrorCause } from '../errors'

/** The ceremony's failures, as a person reads them (kept here, with the passkey code, not in the first screen's table). */
const SENTENCES = {
  PASSKEY_CANCELLED: 'The passkey request was cancelled or timed out. Try again.',
  PASSKEY_EXISTS: 'This device already holds a passkey for this account.',
  PASSKEY_NOT_SUPPORTED: 'Passkeys are not available in this browser.',
  WEB_AUTHN_RELYING_PARTY_MISMATCH: 'This passkey belongs to another site.',
  INVALID_PARAMETER: 'The passkey request was not valid.',
} as const

/** The code of a WebAuthn ceremony's failure. */
export type PasskeyFailureCode = keyof typeof SENTENCES

/**
 * A ceremony's failure as an {@link AuthError} with its sentence (`PASSKEY_CANCELLED` is retryable), what the browser
 * said kept in `cause`.
 */
export function passkeyFailure(code: PasskeyFailureCode, cause?: AuthErrorCause): AuthError {
  return new AuthError(code, SENTENCES[code], { cause })
}
