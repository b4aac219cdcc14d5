/**
 * The Cognito exceptions the client names, as codes, in the order of their exception names (the error
 * lists of the operations in Cognito's API reference). Each code spells its `__type`: `NOT_AUTHORIZED` is `NotAuthorizedException`
 * (`MFA` stays upper case). The one list both {@link AuthErrorCode} and {@link COGNITO_ERROR_CODES} come from.
 */
const COGNITO_CODES = [
  'ALIAS_EXISTS',
  'CODE_MISMATCH',
  'CONCURRENT_MODIFICATION',
  'DEVICE_KEY_EXISTS',
  'ENABLE_SOFTWARE_TOKEN_MFA',
  'EXPIRED_CODE',
  'FEATURE_UNAVAILABLE_IN_TIER',
  'FORBIDDEN',
  'INTERNAL_ERROR',
  'INVALID_EMAIL_ROLE_ACCESS_POLICY',
  'INVALID_LAMBDA_RESPONSE',
  'INVALID_PARAMETER',
  'INVALID_PASSWORD',
  'INVALID_SMS_ROLE_ACCESS_POLICY',
  'INVALID_SMS_ROLE_TRUST_RELATIONSHIP',
  'INVALID_USER_POOL_CONFIGURATION',
  'LIMIT_EXCEEDED',
  'MFA_METHOD_NOT_FOUND',
  'NOT_AUTHORIZED',
  'OPERATION_NOT_ENABLED',
  'PASSWORD_HISTORY_POLICY_VIOLATION',
  'PASSWORD_RESET_REQUIRED',
  'RESOURCE_NOT_FOUND',
  'SOFTWARE_TOKEN_MFA_NOT_FOUND',
  'TOO_MANY_FAILED_ATTEMPTS',
  'TOO_MANY_REQUESTS',
  'UNAUTHORIZED',
  'UNEXPECTED_LAMBDA',
  'UNSUPPORTED_OPERATION',
  'UNSUPPORTED_TOKEN_TYPE',
  'USER_LAMBDA_VALIDATION',
  'USER_NOT_CONFIRMED',
  'USER_NOT_FOUND',
  'USERNAME_EXISTS',
  'USER_POOL_ADD_ON_NOT_ENABLED',
  'WEB_AUTHN_CHALLENGE_NOT_FOUND',
  'WEB_AUTHN_CLIENT_MISMATCH',
  'WEB_AUTHN_CONFIGURATION_MISSING',
  'WEB_AUTHN_CREDENTIAL_NOT_SUPPORTED',
  'WEB_AUTHN_NOT_ENABLED',
  'WEB_AUTHN_ORIGIN_NOT_ALLOWED',
  'WEB_AUTHN_RELYING_PARTY_MISMATCH',
] as const

/** @inline */
type CognitoErrorCode = (typeof COGNITO_CODES)[number]

/**
 * Every failure the client reports, as one coded family: a Cognito exception (mapped from its
 * `__type` by one table) or one of the client's own conditions.
 */
export type AuthErrorCode =
  // Cognito exceptions
  | CognitoErrorCode
  // the client's own
  | 'NETWORK_ERROR'
  | 'INVALID_INPUT'
  | 'INVALID_STATE'
  | 'ALREADY_SIGNED_IN'
  | 'STORAGE_ERROR'
  | 'SRP_ERROR'
  | 'STALE_DEVICE'
  | 'SESSION_EXPIRED'
  | 'TOO_MANY_ATTEMPTS'
  | 'UNKNOWN_CHALLENGE'
  | 'UNEXPECTED_RESPONSE'
  | 'NOT_SIGNED_IN'
  | 'NO_RECOVERY_CHANNEL'
  | 'PASSKEY_CANCELLED'
  | 'PASSKEY_EXISTS'
  | 'PASSKEY_NOT_SUPPORTED'
  | 'UNKNOWN'

/** What Cognito (or the network layer) said, kept verbatim in {@link AuthError.cause}. */
export interface AuthErrorCause {
  /** Cognito's exception name (`__type` without namespace), or the low-level error's name. */
  name: string
  /** Cognito's message, or the low-level error's message. */
  message: string
  /** The HTTP status, when there was a response. */
  status?: number
}

/**
 * The one table from Cognito's `__type` names to {@link AuthErrorCode}s (read it with `Object.hasOwn`:
 * a name like `constructor` is not an exception).
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
 */
export const COGNITO_ERROR_CODES: Readonly<Record<string, AuthErrorCode>> = Object.freeze(
  Object.fromEntries(
    COGNITO_CODES.map((code) => [
      `${code
        .split('_')
        .map((w) => (w === 'MFA' ? w : w[0] + w.slice(1).toLowerCase()))
        .join('')}Exception`,
      code,
    ]),
  ),
)

// a cancelled passkey ceremony may succeed when tried again, and is no wrong answer
const TRANSIENT: ReadonlySet<AuthErrorCode> = new Set(['TOO_MANY_REQUESTS', 'INTERNAL_ERROR', 'NETWORK_ERROR', 'PASSKEY_CANCELLED'])

/**
 * The sentence a person reads for each failure the client names itself, and for the Cognito exceptions
 * a sign-in commonly meets (the others show Cognito's own message, which is already a sentence). One
 * table, so that the same failure reads the same wherever it happens.
 */
const SENTENCES: Partial<Record<AuthErrorCode, string>> = {
  CODE_MISMATCH: 'That code is not right. Check it and try again.',
  ENABLE_SOFTWARE_TOKEN_MFA: 'That code is not right. Check the authenticator app and try again.',
  EXPIRED_CODE: 'That code has expired. Ask for a new one.',
  TOO_MANY_REQUESTS: 'Too many requests just now. Wait a moment and try again.',
  LIMIT_EXCEEDED: 'Too many attempts. Wait a while and try again.',
  INTERNAL_ERROR: 'Cognito had a problem. Try again.',
  NETWORK_ERROR: 'Cognito could not be reached. Check the connection and try again.',
  UNEXPECTED_RESPONSE: 'Cognito sent an answer this client cannot use.',
  SESSION_EXPIRED: 'This sign-in took too long and has ended. Sign in again.',
  TOO_MANY_ATTEMPTS: 'Too many wrong answers: this sign-in has ended. Sign in again.',
  STALE_DEVICE: 'This device is no longer known to the account. Sign in again.',
  NOT_SIGNED_IN: 'You were signed out in another window or tab. Sign in again.',
  ALREADY_SIGNED_IN: 'Someone is signed in already. Sign out first.',
}

/**
 * An {@link AuthError} with the table's sentence for its code (and what the lower layer said in
 * `cause`). @internal
 */
export function failure(code: AuthErrorCode, cause?: AuthErrorCause, retryable?: boolean): AuthError {
  return new AuthError(code, SENTENCES[code] ?? 'Something went wrong. Try again.', { cause, retryable })
}

/** Options of the {@link AuthError} constructor. */
export interface AuthErrorOptions {
  /** What Cognito or the lower layer said. */
  cause?: AuthErrorCause
  /** Overrides the default (throttling, 5xx and network failures are retryable). */
  retryable?: boolean
}

/**
 * The error type of the whole client. `code` is a literal to switch on; `message` is a sentence a person
 * can read; `retryable` says whether doing the same again may succeed (throttling, 5xx, network): in a
 * step that takes input, answer again; in `failed` or `signedIn`, `retry()`; in `signedOut`, sign in
 * again. `cause` keeps Cognito's own exception name and message. Messages never contain a password, a
 * device secret or a token.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'cognito-auth-machine'
 *
 * const client = createAuthClient({ userPoolId: 'eu-west-1_AbC123', clientId: '4example' })
 * const view = await client.signIn({ username: 'alice', password: 'not her password' })
 * if (view.step === 'signedOut' && view.error?.code === 'NOT_AUTHORIZED') console.error(view.error.message, view.error.cause?.name)
 * ```
 */
export class AuthError extends Error {
  /** The kind of failure. */
  readonly code: AuthErrorCode
  /** True when doing the same again can succeed (throttling, 5xx, network). */
  readonly retryable: boolean
  /** Cognito's exception name and message, or the underlying failure's. */
  declare readonly cause: AuthErrorCause | undefined

  /**
   * @param code - the kind of failure
   * @param message - a sentence for people, free of secrets
   * @param options - Cognito's name and message, retryability
   */
  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions = {}) {
    super(message)
    this.name = 'AuthError'
    this.code = code
    this.retryable = options.retryable ?? (TRANSIENT.has(code) || (options.cause?.status ?? 0) >= 500)
    this.cause = options.cause
  }

  /** A plain, JSON-safe copy (for persisted snapshots and logs). */
  toJSON(): SerializedAuthError {
    return { name: 'AuthError', code: this.code, message: this.message, retryable: this.retryable, cause: this.cause }
  }
}

/** The JSON form of an {@link AuthError}, as kept in machine context and persisted snapshots. */
export interface SerializedAuthError {
  /** Always `AuthError`. */
  name: 'AuthError'
  /** {@link AuthError.code}. */
  code: AuthErrorCode
  /** {@link AuthError.message}. */
  message: string
  /** {@link AuthError.retryable}. */
  retryable: boolean
  /** {@link AuthError.cause}. */
  cause?: AuthErrorCause | undefined
}

/** Rebuilds an {@link AuthError} from its JSON form. */
export function reviveAuthError(value: SerializedAuthError): AuthError {
  return new AuthError(value.code, value.message, { cause: value.cause, retryable: value.retryable })
}

const STALE_DEVICE_MESSAGE = 'Device does not exist.'

/** A string from outside, cut to `max` characters so no answer can grow a view or a snapshot. */
export function bounded(value: string, max = 512): string {
  return value.length > max ? `${value.slice(0, max)}…` : value
}

/**
 * Turns a Cognito error response into an {@link AuthError} through {@link COGNITO_ERROR_CODES}.
 * Three cases are refined by message, because Cognito gives nothing else to tell them apart:
 * `ResourceNotFoundException: Device does not exist.` becomes `STALE_DEVICE`, a
 * `NotAuthorizedException` about the auth `Session` becomes `SESSION_EXPIRED`, and ForgotPassword's
 * `InvalidParameterException` "…no registered/verified email or phone_number" becomes
 * `NO_RECOVERY_CHANNEL` (the user has nowhere to receive a reset code). The error's message is
 * a sentence for people (Cognito's own, or a plainer one for the common cases); Cognito's name and
 * message stay in `cause`.
 *
 * @param type - `__type` (any namespace prefix or `:` suffix is stripped), or the header value
 * @param message - Cognito's message
 * @param status - the HTTP status
 */
export function fromCognitoError(type: string, message: string, status?: number): AuthError {
  // the name between any namespace prefix (`...#`) and any `:` suffix
  const name = bounded(type.replace(/:.*$/s, '').replace(/^.*#/s, '').trim(), 128)
  const said = bounded(String(message))
  let code: AuthErrorCode =
    (Object.hasOwn(COGNITO_ERROR_CODES, name) ? COGNITO_ERROR_CODES[name] : undefined) ??
    ((status ?? 0) >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN')
  if (code === 'RESOURCE_NOT_FOUND' && said === STALE_DEVICE_MESSAGE) code = 'STALE_DEVICE'
  if (code === 'NOT_AUTHORIZED' && /^Invalid session/i.test(said)) code = 'SESSION_EXPIRED'
  if (code === 'INVALID_PARAMETER' && /no registered\/verified email or phone/i.test(said)) code = 'NO_RECOVERY_CHANNEL'
  const cause = { name, message: said, ...(status === undefined ? {} : { status }) }
  return SENTENCES[code] || !said.trim() ? failure(code, cause) : new AuthError(code, said.trim().replace(/[^.!?…]$/, '$&.'), { cause })
}

/**
 * Wraps anything thrown into an {@link AuthError}; an AuthError is returned unchanged. The original
 * message is kept only for errors raised by the client's own layers, which never put secrets in it.
 *
 * @param error - what was thrown
 * @param fallback - the code for an unrecognised error
 */
export function toAuthError(error: unknown, fallback: AuthErrorCode = 'UNKNOWN'): AuthError {
  if (error instanceof AuthError) return error
  if (isSerializedAuthError(error)) return reviveAuthError(error)
  const cause = causeOf(error)
  return new AuthError(cause.name === 'SrpError' ? 'SRP_ERROR' : fallback, cause.message, { cause })
}

/**
 * A part of the client loaded on first use (the sign-in exchanges, the account flows, the passkey ceremony) that
 * could not be fetched, offline: a retryable `NETWORK_ERROR`; the next try fetches it again. @internal
 *
 * @param error - what the failed `import()` threw
 */
export function notLoaded(error: unknown): AuthError {
  return new AuthError('NETWORK_ERROR', 'Part of the app could not be loaded. Check the connection and try again.', {
    cause: causeOf(error),
  })
}

/**
 * The name and message of anything thrown, as an {@link AuthErrorCause}.
 *
 * @param error - what was thrown (an `Error`, or any value)
 */
export function causeOf(error: unknown): AuthErrorCause {
  return error instanceof Error
    ? { name: error.name, message: bounded(error.message) }
    : { name: typeof error, message: bounded(String(error)) }
}

/** True for the JSON form of an {@link AuthError}. */
export function isSerializedAuthError(value: unknown): value is SerializedAuthError {
  const v = value as Partial<Record<'name' | 'code' | 'message', unknown>> | null | undefined
  return v?.name === 'AuthError' && typeof v.code === 'string' && typeof v.message === 'string'
}
