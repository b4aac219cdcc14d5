// Choice-based sign-in: InitiateAuth with AuthFlow USER_AUTH (no Session) and the answers to its challenges,
// SELECT_CHALLENGE, PASSWORD and PASSWORD_SRP. The codes of EMAIL_OTP and SMS_OTP are answered as MFA codes are
// (respondToAuthChallenge.ts), PASSWORD_VERIFIER as on USER_SRP_AUTH.
import { errors, MESSAGES } from '../errors'
import { recordEvent, type ContextData } from '../events'
import type { OpContext } from '../ops/types'
import type { AppClient, SignInProgress, User, UserPool } from '../store/types'
import { acceptDeviceKey } from './devices'
import {
  availableChallenges,
  ignoresKey,
  offeredIn,
  PASSWORD_FACTORS,
  readPreferred,
  selectChallenge,
  startFactor,
  type OfferedFactor,
} from './firstFactors'
import { checkSecretHash } from './secretHash'
import { checkDeviceKey, takeDeviceKey, type Handler, type Step } from './step'

/** A stand-in for a user who does not exist (PreventUserExistenceErrors): a password no one knows, no devices. @internal */
export function decoyUser(typed: string): User {
  return {
    username: typed,
    sub: typed,
    attributes: new Map(),
    password: `decoy-${Math.random()}`,
    passwordSetAt: 0,
    status: 'CONFIRMED',
    enabled: true,
    createdAt: 0,
    modifiedAt: 0,
    verifier: undefined,
    mfa: { sms: false, email: false, totp: false, preferred: undefined, totpSecret: undefined, pendingTotpSecret: undefined },
    devices: new Map(),
    deviceGroupKey: '',
    groups: new Set(),
  }
}

/**
 * InitiateAuth (or AdminInitiateAuth) with `AuthFlow: 'USER_AUTH'` and no Session. AuthParameters: USERNAME,
 * SECRET_HASH, DEVICE_KEY, PREFERRED_CHALLENGE (with PASSWORD or SRP_A for the password factors). The preferred
 * challenge starts at once when the user can use it; otherwise, or without one, the answer is SELECT_CHALLENGE
 * with AvailableChallenges. An unknown user is `UserNotFoundException`, or with PreventUserExistenceErrors a decoy
 * offered the password factors, which no answer passes. A DEVICE_KEY is checked as on USER_SRP_AUTH (unknown:
 * `ResourceNotFoundException: Device does not exist.`), unless the `devices.userAuthIgnoresKeyOn` option has the
 * chosen factor ignore it; before a choice, with that option set, it waits for the choice. @internal
 */
export function startUserAuth(
  ctx: OpContext,
  at: { pool: UserPool; client: AppClient },
  params: Record<string, string>,
  admin: boolean,
  contextData: ContextData | undefined,
): Promise<Record<string, unknown>> | Record<string, unknown> {
  const { state } = ctx
  const { pool, client } = at
  const typed = params.USERNAME
  if (typed === undefined) throw errors.invalidParameter('Missing required parameter USERNAME')
  const preferred = readPreferred(params.PREFERRED_CHALLENGE)
  const found = state.findUser(pool, typed)
  checkSecretHash(client, params.SECRET_HASH, [typed])
  if (!found && client.preventUserExistenceErrors !== 'ENABLED') throw errors.userNotFound(MESSAGES.userMissing)
  const user = found ?? decoyUser(typed)
  if (!user.enabled) throw errors.notAuthorized('User is disabled.')
  const available = found ? availableChallenges(pool, user) : [...PASSWORD_FACTORS]
  const chosen = available.find((factor) => factor === preferred)
  const key = params.DEVICE_KEY
  const ignored = chosen !== undefined && ignoresKey(state, chosen)
  const pending = chosen === undefined && key !== undefined && state.options.devices.userAuthIgnoresKeyOn.length > 0
  const progress: SignInProgress = {
    poolId: pool.id,
    clientId: client.id,
    username: user.username,
    admin,
    primary: 'PASSWORD',
    deviceKey: key === undefined || ignored || pending ? undefined : acceptDeviceKey(state, pool, user, key),
    ...(ignored ? { deviceKeyIgnored: true } : {}),
    newPasswordDone: false,
    mfaDone: false,
    deviceDone: false,
    authTime: Math.floor(state.clock.now() / 1000),
    customHistory: [],
    eventId: found ? recordEvent(ctx, { pool, client, user }, 'SignIn', contextData, 'InProgress', key) : undefined,
    contextData,
  }
  if (chosen) return startFactor({ ctx, pool, user, progress, from: undefined }, chosen, params)
  return selectChallenge(state, progress, available, pending ? key : undefined)
}

/**
 * The sign-in as it goes on with a chosen factor: on a path that ignores DEVICE_KEY, without any key from now on;
 * else with the DEVICE_KEY of this answer, or the one InitiateAuth left unchecked, checked now.
 */
function withKeyFor(step: Step, factor: OfferedFactor): SignInProgress {
  const progress = step.session.progress
  if (ignoresKey(step.ctx.state, factor)) return { ...progress, deviceKey: undefined, deviceKeyIgnored: true }
  const pending = step.session.data.pendingKey
  const key = step.responses.DEVICE_KEY ?? (typeof pending === 'string' ? pending : undefined)
  return key === undefined ? progress : { ...progress, deviceKey: checkDeviceKey(step, key) }
}

/**
 * SELECT_CHALLENGE: ANSWER, one of the AvailableChallenges offered (else `InvalidParameterException`, and the
 * session stays), with the factor's credential when the API takes it in the same step (PASSWORD, SRP_A).
 */
const selectAnswer: Handler = (step) => {
  const answer = step.responses.ANSWER
  if (answer === undefined) throw errors.invalidParameter('Missing required parameter ANSWER')
  const factor = offeredIn(step.session).find((offered) => offered === answer) as OfferedFactor | undefined
  if (!factor) throw errors.invalidParameter(`${answer} is not one of the AvailableChallenges.`)
  const progress = withKeyFor(step, factor)
  return startFactor({ ctx: step.ctx, pool: step.pool, user: step.user, progress, from: step.session }, factor, step.responses)
}

/** The PASSWORD or PASSWORD_SRP challenge (a factor chosen without its credential): PASSWORD or SRP_A now. */
const credentialAnswer =
  (factor: 'PASSWORD' | 'PASSWORD_SRP', member: 'PASSWORD' | 'SRP_A'): Handler =>
  (step) => {
    if (step.responses[member] === undefined) throw errors.invalidParameter(`Missing required parameter ${member}`)
    takeDeviceKey(step)
    const choice = { ctx: step.ctx, pool: step.pool, user: step.user, progress: step.session.progress, from: step.session }
    return startFactor(choice, factor, step.responses)
  }

/** RespondToAuthChallenge's handlers for choice-based sign-in (the decoy of an unknown user answers them too). @internal */
export const userAuthHandlers: Record<'SELECT_CHALLENGE' | 'PASSWORD' | 'PASSWORD_SRP', Handler> = {
  SELECT_CHALLENGE: selectAnswer,
  PASSWORD: credentialAnswer('PASSWORD', 'PASSWORD'),
  PASSWORD_SRP: credentialAnswer('PASSWORD_SRP', 'SRP_A'),
}
