import { reveal, type Concealed } from '../concealed'
import type { AuthChallengeResponse } from '../cognito/operations'
import { AuthError, toAuthError } from '../errors'
import { computeDeviceClaim, computePasswordClaim, generateEphemeral, secretHash } from '../srp/index'
import { summarizeDevice } from '../device/DeviceRecord'
import { isTrustExpired } from '../device/trustPolicy'
import type { ActorKit } from './AuthDeps'
import { checkAnswer, checkTokens, DEVICE_KEY, LIMITS, optionalText, own, srpParameters, text } from './checks'
import { jwtClaims } from './jwtClaims'
import { loadDevice, type LoadDeviceOutput } from './loadDevice'
import type { AuthAnswer, AuthFlow, ExchangeInput, FirstFactor } from './types'
import { passkeyCredential } from '../webauthn/passkeyCredential'

/** A secret that was concealed cannot come back from a persisted snapshot: the step must be answered again. */
const INTERRUPTED = 'The sign-in was interrupted before this answer was sent. Sign in again.'

/** Who a Cognito answer is for. */
interface Who {
  username: string
  userId: string | null
  deviceKey: string | null
}

/**
 * Stores the tokens of an AuthenticationResult (checked first; a refresh keeps `refreshToken` unless
 * Cognito rotates it) and describes the session; the tokens themselves are not returned.
 */
export async function storeTokens(
  kit: ActorKit,
  result: unknown,
  who: Who,
  refreshToken: string | null = null,
): Promise<AuthAnswer & { kind: 'authenticated' }> {
  const tokens = checkTokens(result)
  const claims = jwtClaims(tokens.accessToken)
  const issuedAt = kit.now()
  const expiresAt = issuedAt + tokens.expiresIn * 1000
  const newDevice = tokens.newDevice
  const session = {
    username: who.username,
    userId: optionalText(own(claims, 'username'), 'username claim', LIMITS.user) ?? who.userId ?? who.username,
    expiresAt,
    issuedAt,
    deviceKey: newDevice?.deviceKey ?? optionalText(own(claims, 'device_key'), 'device_key claim', 55, DEVICE_KEY) ?? who.deviceKey,
  }
  kit.signal?.throwIfAborted() // cancelled while the answer was on its way: keep no tokens
  await kit.sessions.save({
    ...session,
    tokens: { accessToken: tokens.accessToken, idToken: tokens.idToken, refreshToken: tokens.refreshToken ?? refreshToken, expiresAt },
  })
  return { kind: 'authenticated', session, newDevice }
}

/** Turns Cognito's answer into an {@link AuthAnswer} (checked first): tokens go to storage, a challenge to the router. */
export async function settle(kit: ActorKit, out: AuthChallengeResponse, who: Who): Promise<AuthAnswer> {
  const checked = checkAnswer(out)
  if ('tokens' in checked) {
    const answer = await storeTokens(kit, own(out, 'AuthenticationResult'), who)
    const ended = who.deviceKey && !answer.newDevice ? await endTrustByServerClock(kit, answer.session.userId, who.deviceKey, out) : null
    return ended ? { ...answer, trustEnded: ended } : answer
  }
  const { name, session, parameters, available } = checked.challenge
  const answer: AuthAnswer = { kind: 'challenge', name, session, parameters, at: kit.now(), ...(available ? { available } : {}) }
  const userId = optionalText(parameters.USER_ID_FOR_SRP, 'USER_ID_FOR_SRP', LIMITS.user)
  if (userId) answer.userId = userId
  return answer
}

/**
 * Judges the presented device's trust period by Cognito's clock, the `iat` of the tokens just issued. A
 * device whose own clock runs behind (set back, or never synchronised) would otherwise present its key
 * past the period, meet the sweep's verdict as an MFA prompt, and be offered to remember the same key
 * again. When Cognito's time is past the deadline, the record is marked not remembered and its
 * confirmation time re-expressed in this device's clock (moved back by the measured lag), so that every
 * later judgment by this clock agrees and the next sign-in starts a new period.
 */
async function endTrustByServerClock(kit: ActorKit, userId: string, deviceKey: string, out: AuthChallengeResponse) {
  const iat = own(jwtClaims(own(own(out, 'AuthenticationResult'), 'AccessToken') as string), 'iat')
  if (!kit.trust || typeof iat !== 'number') return null
  const found = await kit.devices.find(userId)
  const record = found.record?.deviceKey === deviceKey ? found.record : null
  const local = kit.now()
  if (!record || !isTrustExpired(record, iat * 1000, kit.trust) || isTrustExpired(record, local, kit.trust)) return null
  const ended = { ...record, status: 'not_remembered' as const, trustedUntil: null, confirmedAt: record.confirmedAt - (iat * 1000 - local) }
  await kit.devices.save(ended, [])
  return summarizeDevice(ended)
}

/** `{ SECRET_HASH }` for a username when the client has a secret, else `{}`. */
export async function hashFor(kit: ActorKit, username: string): Promise<Record<string, string>> {
  return kit.clientSecret ? { SECRET_HASH: await secretHash({ clientId: kit.clientId, clientSecret: kit.clientSecret, username }) } : {}
}

/** RespondToAuthChallenge with the client id, the session (when there is one) and the SECRET_HASH of `USERNAME`. */
async function answer(
  kit: ActorKit,
  ChallengeName: string,
  session: string | null | undefined,
  responses: { USERNAME: string } & Record<string, string>,
): Promise<AuthChallengeResponse> {
  return kit.call('RespondToAuthChallenge', {
    ClientId: kit.clientId,
    ChallengeName,
    Session: session ?? undefined,
    ChallengeResponses: { ...responses, ...(await hashFor(kit, responses.USERNAME)) },
  })
}

/** The `USERNAME` a challenge response carries. */
export function responseUsername(input: ExchangeInput): string {
  return input.challengeUsername ?? input.userId ?? input.username
}

/** Input of the `startAuth` actor. */
export interface StartAuthInput {
  /** What the user typed. */
  username: string
  /** The password, concealed (absent for CUSTOM_AUTH without SRP). */
  password?: Concealed | undefined
  /** The InitiateAuth flow. */
  authFlow: AuthFlow
  /** USER_AUTH's PREFERRED_CHALLENGE; with a password and none asked for, PASSWORD_SRP. */
  preferred?: FirstFactor | undefined
  /** A confirmed sign-up's session (ConfirmSignUp's `Session`): USER_AUTH with it signs in with no password. */
  session?: string | undefined
  /** The user whose stored session GlobalSignOut just revoked: removed before signing in again, so no failure leaves it behind. */
  replaces?: string | undefined
}

/** Output of the `startAuth` actor: what was found in storage, and Cognito's answer. */
export interface StartAuthOutput {
  /** This user's device record as found before InitiateAuth (with the trust deadline applied). */
  loaded: LoadDeviceOutput
  /** Cognito's answer. */
  answer: AuthAnswer
}

/**
 * The sign-in's first exchange: finds this user's device record (applying the trust deadline), then
 * InitiateAuth and, for SRP, the PASSWORD_VERIFIER answer. The password is revealed only here, and this
 * actor's input is the only place it travels. A stale device (`Device does not exist.`) is dropped once
 * and sign-in restarts as a new device.
 */
export async function startAuth(kit: ActorKit, input: StartAuthInput): Promise<StartAuthOutput> {
  const password = reveal(input.password)
  // (not challengeResponses' isPassword: that module stays in the first screen's chunk alone)
  const passwordless = input.authFlow === 'USER_AUTH' && !input.preferred?.startsWith('PASSWORD')
  if (input.authFlow !== 'CUSTOM_AUTH' && !input.session && !passwordless && !password) throw new AuthError('INVALID_INPUT', INTERRUPTED)
  if (input.replaces) await dropSession(kit, input.replaces)
  const loaded = await loadDevice(kit, input)
  const device = loaded.device
  try {
    // presenting: a stale device's record is dropped before the error comes back here
    return {
      loaded,
      answer: await kit.presenting(device ?? { userId: null, deviceKey: null }, () =>
        attempt(kit, input, password, device?.deviceKey ?? null),
      ),
    }
  } catch (thrown) {
    if (toAuthError(thrown).code !== 'STALE_DEVICE' || !device) throw thrown
    return { loaded, answer: { ...(await attempt(kit, input, password, null)), staleDevice: true } }
  }
}

/** Removes the stored session if it is still `userId`'s (under the storage's lock: another tab may have signed in since). */
async function dropSession(kit: ActorKit, userId: string): Promise<void> {
  await kit.sessions.locked(async () => {
    if ((await kit.sessions.load())?.userId === userId) await kit.sessions.clear()
  })
}

async function attempt(kit: ActorKit, input: StartAuthInput, password: string | undefined, deviceKey: string | null): Promise<AuthAnswer> {
  const dk: Record<string, string> = deviceKey ? { DEVICE_KEY: deviceKey } : {}
  const params: Record<string, string> = { USERNAME: input.username, ...dk, ...(await hashFor(kit, input.username)) }
  // choice-based sign-in: the factor asked for (a typed password means SRP), or none for Cognito's list
  const preferred = input.authFlow === 'USER_AUTH' && !input.session ? (input.preferred ?? (password ? 'PASSWORD_SRP' : null)) : null
  if (preferred) params.PREFERRED_CHALLENGE = preferred
  const srp =
    input.authFlow === 'USER_SRP_AUTH' || preferred === 'PASSWORD_SRP' || (input.authFlow === 'CUSTOM_AUTH' && password !== undefined)
  const ephemeral = srp ? await generateEphemeral() : null
  if (ephemeral) params.SRP_A = ephemeral.srpA
  if (input.authFlow === 'CUSTOM_AUTH' && ephemeral) params.CHALLENGE_NAME = 'SRP_A'
  if ((input.authFlow === 'USER_PASSWORD_AUTH' || preferred === 'PASSWORD') && password) params.PASSWORD = password
  const session = input.authFlow === 'USER_AUTH' && input.session ? { Session: input.session } : {}
  const first = await kit.call('InitiateAuth', { ClientId: kit.clientId, AuthFlow: input.authFlow, AuthParameters: params, ...session })
  const who = { username: input.username, userId: null, deviceKey }
  return verifyPassword(kit, await settle(kit, first, who), who, ephemeral, password)
}

/**
 * PASSWORD_VERIFIER, when Cognito asks it after SRP_A was sent (USER_SRP_AUTH, CUSTOM_AUTH with SRP, USER_AUTH's
 * PASSWORD_SRP): the password claim, with the presented DEVICE_KEY. Any other answer is returned as it is.
 */
async function verifyPassword(
  kit: ActorKit,
  challenge: AuthAnswer,
  who: Who,
  ephemeral: Awaited<ReturnType<typeof generateEphemeral>> | null,
  password: string | undefined,
): Promise<AuthAnswer> {
  if (challenge.kind !== 'challenge' || challenge.name !== 'PASSWORD_VERIFIER' || !ephemeral || !password) return challenge
  const dk: Record<string, string> = who.deviceKey ? { DEVICE_KEY: who.deviceKey } : {}
  const userId = text(challenge.userId, 'USER_ID_FOR_SRP', LIMITS.user)
  const claim = await computePasswordClaim({
    poolId: kit.userPoolId,
    userIdForSrp: userId,
    password,
    ...srpParameters(challenge.parameters),
    ephemeral,
    now: new Date(kit.now()),
  })
  const out = await answer(kit, 'PASSWORD_VERIFIER', challenge.session, { USERNAME: userId, ...claim, ...dk })
  const next = await settle(kit, out, { ...who, userId })
  return next.kind === 'challenge' ? { ...next, userId: next.userId ?? userId } : next
}

/** Input of the `respond` actor. */
export interface RespondInput extends ExchangeInput {
  /** The challenge answered. */
  challengeName: string
  /** The answer's own keys (USERNAME, DEVICE_KEY and SECRET_HASH are added). */
  responses: Record<string, string>
  /** SELECT_CHALLENGE's password (PASSWORD in the clear, PASSWORD_SRP as SRP_A then PASSWORD_VERIFIER), concealed. */
  password?: Concealed | undefined
  /** The WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS: the passkey ceremony runs, and its credential is the answer. */
  passkey?: string | undefined
  /**
   * NEW_PASSWORD, concealed: revealed only here. Restored from a persisted snapshot it is no longer a
   * live {@link Concealed}, and the answer is refused as interrupted instead of sent.
   */
  newPassword?: Concealed | undefined
}

/** One RespondToAuthChallenge for a challenge the user answered. */
export async function respond(kit: ActorKit, input: RespondInput): Promise<AuthAnswer> {
  const responses: { USERNAME: string } & Record<string, string> = { ...input.responses, USERNAME: responseUsername(input) }
  if ('newPassword' in input) {
    const password = reveal(input.newPassword)
    if (!password) throw new AuthError('INVALID_INPUT', INTERRUPTED)
    responses.NEW_PASSWORD = password
  }
  const password = 'password' in input ? reveal(input.password) : undefined
  if ('password' in input && !password) throw new AuthError('INVALID_INPUT', INTERRUPTED)
  const ephemeral = password && responses.ANSWER === 'PASSWORD_SRP' ? await generateEphemeral() : null
  if (ephemeral) responses.SRP_A = ephemeral.srpA
  else if (password) responses.PASSWORD = password
  if (input.passkey !== undefined) responses.CREDENTIAL = await passkeyCredential(kit, input.passkey)
  if (input.deviceKey) responses.DEVICE_KEY = input.deviceKey
  const who = { username: input.username, userId: input.userId, deviceKey: input.deviceKey }
  return kit.presenting(who, async () => {
    const next = await settle(kit, await answer(kit, input.challengeName, input.session, responses), who)
    // SELECT_CHALLENGE's session is spent once Cognito asked for PASSWORD_VERIFIER: a failure there cannot be retried
    return verifyPassword(kit, next, who, ephemeral, password).catch((thrown: unknown) => {
      const error = toAuthError(thrown)
      throw error.retryable
        ? new AuthError('SESSION_EXPIRED', 'Signing in was interrupted and this sign-in has expired. Sign in again.', {
            cause: error.cause,
            retryable: false,
          })
        : error
    })
  })
}

/**
 * DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER, with no user input. A stale device is removed locally
 * and reported as `STALE_DEVICE`.
 */
export async function deviceAuth(kit: ActorKit, input: ExchangeInput): Promise<AuthAnswer> {
  const userId = input.userId ?? input.username
  const found = await kit.devices.find(userId)
  const record = found.record
  if (!record || record.deviceKey !== input.deviceKey) {
    throw new AuthError('STALE_DEVICE', 'DEVICE_SRP_AUTH asked, but no usable device record')
  }
  return kit.presenting(record, async () => {
    const ephemeral = await generateEphemeral()
    const username = responseUsername(input)
    const first = await answer(kit, 'DEVICE_SRP_AUTH', input.session, {
      USERNAME: username,
      DEVICE_KEY: record.deviceKey,
      SRP_A: ephemeral.srpA,
    })
    const challenge = await settle(kit, first, { ...input, deviceKey: record.deviceKey })
    if (challenge.kind !== 'challenge' || challenge.name !== 'DEVICE_PASSWORD_VERIFIER') return challenge
    const p = challenge.parameters
    const claim = await computeDeviceClaim({
      deviceGroupKey: record.deviceGroupKey,
      deviceKey: record.deviceKey,
      devicePassword: record.devicePassword,
      ...srpParameters(p),
      ephemeral,
      now: new Date(kit.now()),
    })
    // DEVICE_SRP_AUTH's session is spent: a failure now cannot be retried within this sign-in
    const out = await answer(kit, 'DEVICE_PASSWORD_VERIFIER', challenge.session, {
      USERNAME: optionalText(p.USERNAME, 'USERNAME', LIMITS.user) ?? username,
      DEVICE_KEY: record.deviceKey,
      ...claim,
    }).catch((thrown: unknown) => {
      const error = toAuthError(thrown)
      throw error.retryable
        ? new AuthError(error.code, 'Signing in with this device was interrupted. Sign in again.', {
            cause: error.cause,
            retryable: false,
          })
        : error
    })
    return settle(kit, out, { username: input.username, userId: input.userId, deviceKey: record.deviceKey })
  })
}
