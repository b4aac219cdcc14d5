import type { CustomAuthHandler } from './auth/customAuthTypes'
import type { RiskAttempt } from './events'
import { parseHosts, parseOrigins } from './safety'

/**
 * Options of {@link startLocalCognito}. Every behaviour that public material does not settle is an
 * option here, with the default named.
 */
export interface LocalCognitoOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number
  /**
   * The interface to bind; `'127.0.0.1'` by default. Anything but a loopback address (`localhost`,
   * `127.0.0.0/8`, `::1`) is refused unless {@link LocalCognitoOptions.allowRemote} is set.
   */
  host?: string
  /**
   * Lets `host` be an address other machines can reach (e.g. `'0.0.0.0'`); false by default. The server
   * then prints a warning on stderr: it is a test server whose admin operations take any credentials.
   */
  allowRemote?: boolean
  /**
   * Browser origins, besides loopback ones (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`
   * and their `https` forms), whose pages may call the server: each `scheme://host[:port]`, e.g.
   * `'https://app.test:8443'`. Other origins get no `Access-Control-Allow-Origin` and their preflights
   * are refused. None by default.
   */
  allowedOrigins?: string[]
  /**
   * Names, besides loopback names and addresses and the bound `host`, accepted in the `Host` header
   * (a guard against DNS rebinding), e.g. `'devbox.lan'`. Any other `Host` is refused with a 403. None
   * by default.
   */
  allowedHosts?: string[]
  /** The region in pool ids, device keys and token issuers; `'us-east-1'` by default. */
  region?: string
  /** The account id in ARNs; `'123456789012'` by default. */
  accountId?: string
  /**
   * How many wrong answers (codes, passwords, signatures) one session takes before it is spent;
   * 3 by default. Wrong answers before that leave the session usable for a retry, as Cognito does.
   */
  maxWrongAnswers?: number
  /** The in-process stand-in for the Define/Create/Verify auth challenge Lambda triggers (CUSTOM_AUTH). */
  customAuth?: CustomAuthHandler
  /**
   * Refuse a TOTP code of a step already used by this user (`ExpiredCodeException: Your software token
   * has already been used once.`). False by default, so that a test may enrol and sign in within one
   * 30-second step.
   */
  rejectReusedTotp?: boolean
  /** Largest request body accepted, in bytes; 1 MiB by default. Larger bodies get a 400. */
  maxBodyBytes?: number
  /**
   * How far an SRP `TIMESTAMP` may be from the server's clock, in ms. `null` (the default) checks only
   * its format, so that tests that advance the server's clock still sign in. (Open point: the real
   * tolerance is not documented.)
   */
  timestampToleranceMs?: number | null
  /** Device-tracking behaviours the public material leaves open. */
  devices?: DeviceBehaviourOptions
  /**
   * What `InitiateAuth` with `AuthFlow: 'USER_AUTH'` and the Session of ConfirmSignUp (auto sign-in)
   * answers. `'tokens'` (the default): the confirmation code counts as the first factor, so what follows
   * is what follows a right password (MFA, MFA_SETUP or tokens). `'selectChallenge'`: `SELECT_CHALLENGE`
   * with `AvailableChallenges: ['PASSWORD_SRP', 'PASSWORD']`, as reported from the field; answering that
   * challenge with PASSWORD or PASSWORD_SRP signs in as choice-based sign-in does.
   */
  autoSignInAnswer?: 'tokens' | 'selectChallenge'
  /**
   * How many wrong answers one sign-up, password-reset or attribute-verification code takes; past them,
   * every answer to that code, even the right one, is `LimitExceededException: Attempt limit exceeded,
   * please try after some time.` until a new code is sent. 5 by default.
   */
  codeAttemptLimit?: number
  /**
   * The risk of a sign-in, asked once per sign-in when the password (or other first factor) has passed.
   * `'high'` on a pool whose `UserPoolAddOns.AdvancedSecurityMode` is `ENFORCED` makes a user who has MFA
   * answer it although the device is remembered (the device stays remembered and is still
   * authenticated); in any mode the event records `AccountTakeover` / `High`. Every sign-in is `'low'`
   * by default.
   */
  risk?: (attempt: RiskAttempt) => 'low' | 'high'
}

/** The open points of device tracking (what public material leaves unsettled), as switches. */
export interface DeviceBehaviourOptions {
  /**
   * What a confirmed but `not_remembered` DEVICE_KEY gets at sign-in. `'device-auth'` (default): MFA is
   * asked, then DEVICE_SRP_AUTH, and no NewDeviceMetadata. `'new-device'`: MFA is asked and the tokens
   * carry a new NewDeviceMetadata, as for a sign-in without a key.
   */
  notRememberedKey?: 'device-auth' | 'new-device'
  /**
   * A DEVICE_KEY on a pool with tracking off: `'ignore'` (default) signs in as if no key was sent;
   * `'not-found'` answers `ResourceNotFoundException: Device does not exist.`.
   */
  keyWhenTrackingOff?: 'ignore' | 'not-found'
  /**
   * Device operations (ConfirmDevice, GetDevice, …) on a pool with tracking off: `'not-found'`
   * (default) gives `ResourceNotFoundException: Device does not exist.`; `'invalid-parameter'` gives
   * `InvalidParameterException: Device tracking is not enabled for this user pool.`. ListDevices lists
   * nothing either way.
   */
  operationsWhenTrackingOff?: 'not-found' | 'invalid-parameter'
  /** Whether ConfirmDevice requires the access token's `device_key` to be the key confirmed; false by default. */
  confirmRequiresTokenDevice?: boolean
  /**
   * Whether DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER may come without a Session (AWS's Java
   * sample sends none); false by default (strict): a missing Session is
   * `InvalidParameterException: Missing required parameter Session`.
   */
  allowSessionlessDeviceAuth?: boolean
  /**
   * An MFA answer without DEVICE_KEY after a key was presented: `'new-device'` (default, as reported for
   * the real service) forgets the key for this sign-in and issues new NewDeviceMetadata; `'keep'`
   * continues with the key presented earlier. The code answer of a USER_AUTH EMAIL_OTP or SMS_OTP first
   * factor counts as such an answer.
   */
  mfaAnswerWithoutKey?: 'new-device' | 'keep'
  /**
   * The USER_AUTH first factors on which the service is taken to ignore DEVICE_KEY; none by default. Which
   * USER_AUTH paths the real service honours a DEVICE_KEY on is not public: its API reference allows DEVICE_KEY
   * on every USER_AUTH request and answer (and that is what the server does by default: a remembered device
   * skips MFA and gets DEVICE_SRP_AUTH after any first factor, an unknown key is `ResourceNotFoundException:
   * Device does not exist.`), while older guidance says device tracking needs SRP. A sign-in whose first factor
   * is listed here disregards every DEVICE_KEY it carries (in InitiateAuth, SELECT_CHALLENGE, the factor's
   * answer and any MFA answer after it): an unknown key is not refused, a remembered device neither skips MFA
   * nor gets DEVICE_SRP_AUTH, and on a pool with tracking on the tokens carry new NewDeviceMetadata every time.
   * `['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']` models a service that honours DEVICE_KEY on PASSWORD_SRP only;
   * PASSWORD_SRP (the path whose PASSWORD_VERIFIER answer carries DEVICE_KEY, as on USER_SRP_AUTH) cannot be
   * listed. With a factor listed, a DEVICE_KEY sent to InitiateAuth before a factor is chosen is checked only
   * once one is (and only if that one honours it). The auto sign-in after ConfirmSignUp is not affected.
   */
  userAuthIgnoresKeyOn?: readonly ('PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN')[]
}

const KEY_IGNORING_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const

/** `devices.userAuthIgnoresKeyOn`, checked. */
function readIgnoredFactors(value: unknown): readonly (typeof KEY_IGNORING_FACTORS)[number][] {
  if (value === undefined) return []
  const allowed = KEY_IGNORING_FACTORS as readonly unknown[]
  if (!Array.isArray(value) || value.some((f) => !allowed.includes(f))) {
    throw new TypeError(`devices.userAuthIgnoresKeyOn must be a list of ${KEY_IGNORING_FACTORS.join(', ')}`)
  }
  return [...new Set(value as (typeof KEY_IGNORING_FACTORS)[number][])]
}

/** Options with defaults filled in. @internal */
export type ResolvedOptions = Required<Omit<LocalCognitoOptions, 'customAuth' | 'devices' | 'timestampToleranceMs' | 'risk'>> & {
  customAuth: CustomAuthHandler | undefined
  risk: ((attempt: RiskAttempt) => 'low' | 'high') | undefined
  timestampToleranceMs: number | null
  devices: Required<DeviceBehaviourOptions>
}

/** Fills in defaults and checks types. @internal */
export function resolveOptions(options: LocalCognitoOptions = {}): ResolvedOptions {
  const region = options.region ?? 'us-east-1'
  const port = options.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`port must be an integer from 0 to 65535, not ${port}`)
  const maxWrongAnswers = options.maxWrongAnswers ?? 3
  if (!Number.isInteger(maxWrongAnswers) || maxWrongAnswers < 1) throw new TypeError('maxWrongAnswers must be a positive integer')
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new TypeError(`region ${region} does not look like us-east-1`)
  const host = options.host ?? '127.0.0.1'
  if (typeof host !== 'string' || host.trim() === '') throw new TypeError('host must be a non-empty string')
  if (options.allowRemote !== undefined && typeof options.allowRemote !== 'boolean') throw new TypeError('allowRemote must be a boolean')
  const codeAttemptLimit = options.codeAttemptLimit ?? 5
  if (!Number.isInteger(codeAttemptLimit) || codeAttemptLimit < 1) throw new TypeError('codeAttemptLimit must be a positive integer')
  const autoSignInAnswer = options.autoSignInAnswer ?? 'tokens'
  if (autoSignInAnswer !== 'tokens' && autoSignInAnswer !== 'selectChallenge') {
    throw new TypeError(`autoSignInAnswer must be 'tokens' or 'selectChallenge', not ${String(autoSignInAnswer)}`)
  }
  if (options.risk !== undefined && typeof options.risk !== 'function') throw new TypeError('risk must be a function')
  return {
    port,
    host,
    allowRemote: options.allowRemote ?? false,
    allowedOrigins: parseOrigins(options.allowedOrigins),
    allowedHosts: parseHosts(options.allowedHosts),
    region,
    accountId: options.accountId ?? '123456789012',
    maxWrongAnswers,
    customAuth: options.customAuth,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    rejectReusedTotp: options.rejectReusedTotp ?? false,
    timestampToleranceMs: options.timestampToleranceMs ?? null,
    autoSignInAnswer,
    codeAttemptLimit,
    risk: options.risk,
    devices: {
      notRememberedKey: options.devices?.notRememberedKey ?? 'device-auth',
      keyWhenTrackingOff: options.devices?.keyWhenTrackingOff ?? 'ignore',
      operationsWhenTrackingOff: options.devices?.operationsWhenTrackingOff ?? 'not-found',
      confirmRequiresTokenDevice: options.devices?.confirmRequiresTokenDevice ?? false,
      allowSessionlessDeviceAuth: options.devices?.allowSessionlessDeviceAuth ?? false,
      mfaAnswerWithoutKey: options.devices?.mfaAnswerWithoutKey ?? 'new-device',
      userAuthIgnoresKeyOn: readIgnoredFactors(options.devices?.userAuthIgnoresKeyOn),
    },
  }
}
