import { AuthError, causeOf } from '../errors'
import { passkeyFailure, type PasskeyFailureCode } from './passkeyErrors'
import type { CreationOptionsJSON, CredentialJSON, RequestOptionsJSON, WebAuthnAdapter } from './WebAuthnAdapter'
import { creationOptions, credentialJSON, requestOptions } from './webAuthnJson'

/** The platform's Level 3 JSON parsers, where the browser has them. */
interface JsonParsers {
  parseCreationOptionsFromJSON?: (json: CreationOptionsJSON) => PublicKeyCredentialCreationOptions
  parseRequestOptionsFromJSON?: (json: RequestOptionsJSON) => PublicKeyCredentialRequestOptions
}

/** What each DOMException of a ceremony (or TypeError or EncodingError of the parsers) means to the user. */
const DOM_CODES: Readonly<Record<string, PasskeyFailureCode>> = {
  NotAllowedError: 'PASSKEY_CANCELLED',
  AbortError: 'PASSKEY_CANCELLED',
  InvalidStateError: 'PASSKEY_EXISTS',
  SecurityError: 'WEB_AUTHN_RELYING_PARTY_MISMATCH',
  TypeError: 'INVALID_PARAMETER',
  // WebAuthn Level 3's parsers: a binary field that is not base64url
  EncodingError: 'INVALID_PARAMETER',
  NotSupportedError: 'PASSKEY_NOT_SUPPORTED',
}

/** The platform's WebAuthn, or `PASSKEY_NOT_SUPPORTED`: none here, or not a secure context (https, or http://localhost). */
function platform(): { credentials: CredentialsContainer; parsers: JsonParsers } {
  const scope = globalThis as {
    PublicKeyCredential?: unknown
    navigator?: { credentials?: CredentialsContainer }
    isSecureContext?: boolean
  }
  const credentials = scope.navigator?.credentials
  const missing = typeof scope.PublicKeyCredential !== 'function' ? 'PublicKeyCredential' : !credentials ? 'navigator.credentials' : null
  if (missing) throw passkeyFailure('PASSKEY_NOT_SUPPORTED', { name: 'NotSupportedError', message: `no ${missing}` })
  if (scope.isSecureContext !== true)
    throw passkeyFailure('PASSKEY_NOT_SUPPORTED', { name: 'SecurityError', message: 'not a secure context' })
  return { credentials: credentials as CredentialsContainer, parsers: scope.PublicKeyCredential as JsonParsers }
}

/** A ceremony's failure as an {@link AuthError}, the browser's name and message kept in `cause`. */
function ceremonyError(thrown: unknown, signal: AbortSignal | undefined): AuthError {
  if (thrown instanceof AuthError) return thrown
  const cause = causeOf(thrown)
  // aborted by the client (its cancel): the browser rejects with the signal's reason, whatever that is
  if (signal?.aborted) return passkeyFailure('PASSKEY_CANCELLED', cause)
  const code = Object.hasOwn(DOM_CODES, cause.name) ? DOM_CODES[cause.name] : undefined
  return code ? passkeyFailure(code, cause) : new AuthError('UNKNOWN', 'The passkey request failed. Try again.', { cause })
}

/** Runs one ceremony: options parsed (the platform's parser, else by hand), the browser's dialog, the credential as JSON. */
async function ceremony<O>(kind: 'create' | 'get', parse: (parsers: JsonParsers) => O, signal?: AbortSignal): Promise<CredentialJSON> {
  try {
    const { credentials, parsers } = platform()
    if (signal?.aborted) throw passkeyFailure('PASSKEY_CANCELLED', causeOf(signal.reason ?? new DOMException('aborted', 'AbortError')))
    const publicKey = parse(parsers)
    const credential = await credentials[kind]({ publicKey, ...(signal ? { signal } : {}) } as CredentialCreationOptions)
    if (!credential) throw passkeyFailure('PASSKEY_CANCELLED', { name: 'NotAllowedError', message: 'no credential' })
    return credentialJSON(credential)
  } catch (thrown) {
    throw ceremonyError(thrown, signal)
  }
}

/**
 * The browser's WebAuthn as a {@link WebAuthnAdapter}: `navigator.credentials.create` and `get` with the options
 * Cognito sends, and the credential back in the JSON form Cognito takes. It uses the browser's own JSON helpers
 * (`PublicKeyCredential.parseCreationOptionsFromJSON`, `parseRequestOptionsFromJSON`, `credential.toJSON()`) and
 * converts by hand where a browser lacks them. It is the client's default (`AuthClientConfig.webAuthn` left out),
 * fetched only when a passkey is first used; pass it yourself to wrap or replace it.
 *
 * Failures are {@link AuthError}s, with the browser's exception name and message in `cause`:
 * `PASSKEY_NOT_SUPPORTED` (no WebAuthn, or not a secure context: https, or http://localhost),
 * `PASSKEY_CANCELLED` (the user closed the dialog, it timed out, or the signal aborted it),
 * `PASSKEY_EXISTS` (this authenticator already holds a passkey of the account),
 * `WEB_AUTHN_RELYING_PARTY_MISMATCH` (the relying party id does not belong to this page's origin), and
 * `INVALID_PARAMETER` (options that are not WebAuthn's JSON).
 *
 * @returns the adapter; each call checks for WebAuthn anew
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 * import { browserWebAuthn } from 'cognito-auth-machine/machine'
 *
 * const passkeys = browserWebAuthn()
 * const client = createAuthClient({
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: '4example',
 *   // the default already; shown to log each ceremony's outcome
 *   webAuthn: {
 *     create: (options, signal) => passkeys.create(options, signal).finally(() => console.log('create done')),
 *     get: (options, signal) => passkeys.get(options, signal),
 *   },
 * })
 * ```
 */
export function browserWebAuthn(): WebAuthnAdapter {
  return {
    create(options, signal) {
      return ceremony('create', (parsers) => parsers.parseCreationOptionsFromJSON?.(options) ?? creationOptions(options), signal)
    },
    get(options, signal) {
      return ceremony('get', (parsers) => parsers.parseRequestOptionsFromJSON?.(options) ?? requestOptions(options), signal)
    },
  }
}
