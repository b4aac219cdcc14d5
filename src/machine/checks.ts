import type { AuthChallengeResponse } from '../cognito/operations'
import { failure, type AuthError } from '../errors'
import { isObject, own } from '../json'

export { own }

/**
 * Reading what Cognito sends, strictly: every field the client uses is type- and size-checked before
 * use, and read as an own property only, so a hostile or broken server gets a typed
 * `UNEXPECTED_RESPONSE`, never a crash, a hang, a huge snapshot or a view holding a non-string.
 */

/** The error for an answer the client cannot use; `what` names the field (it goes to `cause`, not the message). */
export function unexpected(what: string): AuthError {
  return failure('UNEXPECTED_RESPONSE', { name: 'UnexpectedResponse', message: what })
}

/** `value` if it is a string of 1 to `max` characters matching `pattern`; else `UNEXPECTED_RESPONSE` naming `what`. */
export function text(value: unknown, what: string, max: number, pattern?: RegExp): string {
  if (typeof value === 'string' && value !== '' && value.length <= max && (!pattern || pattern.test(value))) return value
  throw unexpected(what)
}

/** {@link text}, or `undefined` when the field is absent (or null). */
export function optionalText(value: unknown, what: string, max: number, pattern?: RegExp): string | undefined {
  return value === undefined || value === null ? undefined : text(value, what, max, pattern)
}

const HEX = /^[0-9a-fA-F]+$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
/** A device key as Cognito issues them: `{region}_{uuid}`. */
export const DEVICE_KEY = /^[\w-]+_[0-9a-f-]+$/i
const JWT = /^[\w-]+\.[\w-]+\.[\w-]*$/
const NAME = /^[A-Z_]+$/

/** Cognito's limits on the fields the client reads (or a generous bound where Cognito names none). */
export const LIMITS = {
  /** USERNAME, USER_ID_FOR_SRP: Cognito's usernames have at most 128 characters. */
  user: 128,
  /** Session: 2048 in the API reference; some room. */
  session: 8192,
  /** SRP_B and SALT, hex: a 3072-bit number is 768 digits. */
  srpHex: 1024,
  /** SECRET_BLOCK, base64: about 1-2 KB in practice. */
  secretBlock: 16384,
  /** Any other challenge parameter value. */
  parameter: 16384,
  /** Challenge parameters in one answer. */
  parameters: 64,
  /** Access, ID and refresh tokens. */
  token: 65536,
  /** A DeviceGroupKey (a few characters in practice). */
  groupKey: 2048,
  /** Seconds a token may live: a year (Cognito allows a day for access and ID tokens). */
  expiresIn: 31_536_000,
} as const

/** A checked challenge: its name, session and string parameters. */
export interface CheckedChallenge {
  name: string
  session: string | null
  parameters: Record<string, string>
  /** `AvailableChallenges` (choice-based sign-in), the names only, at most 16. */
  available?: string[]
}

/** A checked AuthenticationResult. */
export interface CheckedTokens {
  accessToken: string
  idToken: string
  refreshToken: string | null
  /** Seconds; 3600 when Cognito leaves it out. */
  expiresIn: number
  newDevice: { deviceKey: string; deviceGroupKey: string } | null
}

/** The tokens of an AuthenticationResult, checked. */
export function checkTokens(result: unknown): CheckedTokens {
  if (!isObject(result)) throw unexpected('AuthenticationResult')
  const expiresIn = own(result, 'ExpiresIn') ?? 3600
  if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > LIMITS.expiresIn) {
    throw unexpected('ExpiresIn')
  }
  const meta = own(result, 'NewDeviceMetadata')
  return {
    accessToken: text(own(result, 'AccessToken'), 'AccessToken', LIMITS.token, JWT),
    idToken: text(own(result, 'IdToken'), 'IdToken', LIMITS.token, JWT),
    refreshToken: optionalText(own(result, 'RefreshToken'), 'RefreshToken', LIMITS.token) ?? null,
    expiresIn,
    newDevice:
      meta === undefined || meta === null
        ? null
        : {
            deviceKey: text(own(meta, 'DeviceKey'), 'NewDeviceMetadata.DeviceKey', 55, DEVICE_KEY),
            deviceGroupKey: text(own(meta, 'DeviceGroupKey'), 'NewDeviceMetadata.DeviceGroupKey', LIMITS.groupKey),
          },
  }
}

/**
 * An InitiateAuth or RespondToAuthChallenge answer: tokens, or a challenge whose parameters are all
 * strings within bounds. Anything else is `UNEXPECTED_RESPONSE`.
 */
export function checkAnswer(out: AuthChallengeResponse): { tokens: CheckedTokens } | { challenge: CheckedChallenge } {
  const result = own(out, 'AuthenticationResult')
  if (result !== undefined && result !== null) return { tokens: checkTokens(result) }
  const name = text(own(out, 'ChallengeName'), 'ChallengeName', 64, NAME)
  const given = own(out, 'ChallengeParameters') ?? {}
  if (!isObject(given)) throw unexpected('ChallengeParameters')
  const entries = Object.entries(given)
  if (entries.length > LIMITS.parameters) throw unexpected('ChallengeParameters')
  const parameters: Record<string, string> = {}
  for (const [key, value] of entries) {
    if (typeof value !== 'string' || key.length > 128 || value.length > LIMITS.parameter)
      throw unexpected(`ChallengeParameters.${key.slice(0, 128)}`)
    Object.defineProperty(parameters, key, { value, enumerable: true, writable: true, configurable: true })
  }
  const session = optionalText(own(out, 'Session'), 'Session', LIMITS.session) ?? null
  const listed = own(out, 'AvailableChallenges')
  if (!Array.isArray(listed)) return { challenge: { name, session, parameters } }
  const available = listed.filter((v): v is string => typeof v === 'string' && v.length <= 64 && NAME.test(v)).slice(0, 16)
  return { challenge: { name, session, parameters, available } }
}

/** The SRP parameters of PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER, checked. */
export function srpParameters(p: Record<string, string>): { srpB: string; salt: string; secretBlock: string } {
  return {
    srpB: text(p.SRP_B, 'SRP_B', LIMITS.srpHex, HEX),
    salt: text(p.SALT, 'SALT', LIMITS.srpHex, HEX),
    secretBlock: text(p.SECRET_BLOCK, 'SECRET_BLOCK', LIMITS.secretBlock, BASE64),
  }
}
