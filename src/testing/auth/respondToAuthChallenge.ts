import { poolNameOf } from '../../srp/claim'
import { writeAttributes } from '../attributes'
import { errors, MESSAGES } from '../errors'
import { noteContext, noteKeySent, readContextData } from '../events'
import type { Input } from '../input'
import type { OpContext, Operation } from '../ops/types'
import { checkPassword } from '../passwordPolicy'
import type { AppClient, AuthSession } from '../store/types'
import { continueSignIn } from './continueSignIn'
import { customHandler, customNext, triggerUser } from './customAuth'
import { confirmedDevice } from './devices'
import { checkMfaCode, startMfa } from './mfa'
import { openSession, spend, wrongAnswer } from './sessions'
import { checkSecretHash, namesOf } from './secretHash'
import { readSrpA, sessionDeviceKey, startDeviceVerifier, verifyClaim } from './srpSteps'
import { checkDeviceKey, noted, takeDeviceKey, type Handler } from './step'
import { decoyUser, userAuthHandlers } from './userAuth'
import { webAuthnAnswer } from './webAuthnFactor'

const CHALLENGES = [
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
  'SELECT_CHALLENGE',
] as const

/**
 * An MFA code, or the code of a USER_AUTH EMAIL_OTP / SMS_OTP first factor (noted on the event as the first
 * factor, `Password`; no MFA follows it). Its DEVICE_KEY goes as an MFA answer's does (`devices.mfaAnswerWithoutKey`).
 */
const codeAnswer: Handler = async (step) => {
  const { state } = step.ctx
  const name = step.session.data.firstFactor === true ? 'Password' : 'Mfa'
  await noted(step, name, () => checkMfaCode(state, step.session, step.user, step.responses))
  const progress = step.session.progress
  if (step.responses.DEVICE_KEY !== undefined) takeDeviceKey(step)
  else if (state.options.devices.mfaAnswerWithoutKey === 'new-device' && !progress.deviceDone) progress.deviceKey = undefined
  spend(step.session)
  return continueSignIn(step.ctx, { ...progress, mfaDone: true })
}

const handlers: Record<string, Handler> = {
  async PASSWORD_VERIFIER(step) {
    const claim = () => verifyClaim(step.ctx.state, step.session, step.responses, poolNameOf(step.pool.id), step.user.username)
    await noted(step, 'Password', claim)
    takeDeviceKey(step)
    spend(step.session)
    const progress = step.session.progress
    if (progress.primary === 'CUSTOM') {
      progress.customHistory.push({ challengeName: 'PASSWORD_VERIFIER', challengeResult: true, challengeMetadata: undefined })
      return customNext(step.ctx, progress, step.pool, step.user, step.clientMetadata)
    }
    return continueSignIn(step.ctx, progress)
  },

  DEVICE_SRP_AUTH(step) {
    const key = step.responses.DEVICE_KEY
    if (key === undefined) throw errors.invalidParameter('Missing required parameter DEVICE_KEY')
    const A = readSrpA(step.responses.SRP_A)
    checkDeviceKey(step, key)
    spend(step.session)
    return startDeviceVerifier(step.ctx.state, { ...step.session.progress, deviceKey: key }, step.user, key, A)
  },

  async DEVICE_PASSWORD_VERIFIER(step) {
    const key = sessionDeviceKey(step.session)
    const device = confirmedDevice(step.user, key)
    if (!device) throw errors.resourceNotFound(MESSAGES.deviceMissing)
    if (step.responses.DEVICE_KEY !== undefined && step.responses.DEVICE_KEY !== key) {
      throw errors.resourceNotFound(MESSAGES.deviceMissing)
    }
    await verifyClaim(step.ctx.state, step.session, step.responses, device.groupKey, device.key)
    spend(step.session)
    device.lastAuthenticatedAt = step.ctx.state.clock.now()
    device.lastIp = step.ctx.ip
    return continueSignIn(step.ctx, { ...step.session.progress, deviceKey: key, deviceDone: true })
  },

  SMS_MFA: codeAnswer,
  EMAIL_OTP: codeAnswer,
  SMS_OTP: codeAnswer,
  SOFTWARE_TOKEN_MFA: codeAnswer,
  WEB_AUTHN: webAuthnAnswer,
  ...userAuthHandlers,

  SELECT_MFA_TYPE(step) {
    const answer = step.responses.ANSWER
    const options = step.session.data.options as string[]
    if (answer === undefined || !options.includes(answer)) throw errors.invalidParameter('Invalid MFA type selected.')
    spend(step.session)
    return startMfa(step.ctx.state, step.session.progress, step.user, { kind: 'challenge', name: answer as 'SMS_MFA' })
  },

  MFA_SETUP(step) {
    spend(step.session)
    return continueSignIn(step.ctx, { ...step.session.progress, mfaDone: true })
  },

  NEW_PASSWORD_REQUIRED(step) {
    const password = step.responses.NEW_PASSWORD
    if (password === undefined) throw errors.invalidParameter('Missing required parameter NEW_PASSWORD')
    checkPassword(step.pool, password)
    const attrs = Object.entries(step.responses)
      .filter(([k]) => k.startsWith('userAttributes.'))
      .map(([k, Value]) => ({ Name: k.slice('userAttributes.'.length), Value }))
    const candidate = { ...step.user, attributes: new Map(step.user.attributes) }
    writeAttributes(step.pool, candidate, attrs, { creating: false })
    for (const schema of step.pool.schema.values()) {
      if (schema.required && schema.name !== 'sub' && !candidate.attributes.has(schema.name)) {
        throw errors.invalidParameter(`Invalid attributes given, ${schema.name} is missing`)
      }
    }
    step.user.attributes = candidate.attributes
    step.user.password = password
    step.user.passwordSetAt = step.ctx.state.clock.now()
    step.user.status = 'CONFIRMED'
    step.user.modifiedAt = step.ctx.state.clock.now()
    takeDeviceKey(step)
    spend(step.session)
    return continueSignIn(step.ctx, { ...step.session.progress, newPasswordDone: true })
  },

  async CUSTOM_CHALLENGE(step) {
    const answer = step.responses.ANSWER
    if (answer === undefined) throw errors.invalidParameter('Missing required parameter ANSWER')
    takeDeviceKey(step)
    const ok = await customHandler(step.ctx).verifyAuthChallengeResponse({
      user: triggerUser(step.pool, step.user),
      answer,
      privateChallengeParameters: step.session.data.private as Record<string, string>,
      clientMetadata: step.clientMetadata,
    })
    spend(step.session)
    const progress = step.session.progress
    progress.customHistory.push({
      challengeName: 'CUSTOM_CHALLENGE',
      challengeResult: ok === true,
      challengeMetadata: step.session.data.metadata as string | undefined,
    })
    return customNext(step.ctx, progress, step.pool, step.user, step.clientMetadata)
  },
}

async function respond(ctx: OpContext, input: Input, admin: boolean): Promise<Record<string, unknown>> {
  const { state } = ctx
  const poolId = admin ? input.req('UserPoolId') : undefined
  const name = input.oneOf('ChallengeName', CHALLENGES, true)
  const { pool, client } = state.client(input.req('ClientId'), poolId)
  const responses = input.map('ChallengeResponses')
  const contextData = readContextData(input)
  const handler = handlers[name]
  if (!handler) throw errors.invalidParameter(`${name} is not supported by this local server.`)
  const sessionId = input.str('Session', 2048) ?? sessionlessDeviceSession(ctx, client, name, responses)
  const session = openSession(state, sessionId, client.id, name)
  if (session.progress.admin !== admin) throw errors.notAuthorized(MESSAGES.sessionInvalid)
  const typed = responses.USERNAME
  if (typed === undefined) throw errors.invalidParameter('Missing required parameter USERNAME')
  const user = pool.users.get(state.userKey(pool, session.progress.username))
  if (!user) {
    // A decoy session for an unknown user (PreventUserExistenceErrors): USER_AUTH's password factors go on as for a
    // user whose password is wrong; any other step fails like a wrong password.
    const decoyHandler = (userAuthHandlers as Record<string, Handler | undefined>)[name]
    const refusal = errors.notAuthorized(MESSAGES.badCredentials)
    if (!decoyHandler || typed !== session.progress.username) throw wrongAnswer(state, session, refusal)
    checkSecretHash(client, responses.SECRET_HASH, [typed])
    return decoyHandler({ ctx, pool, client, session, user: decoyUser(typed), responses, clientMetadata: {} })
  }
  if (state.findUser(pool, typed) !== user) throw errors.notAuthorized(MESSAGES.badCredentials)
  checkSecretHash(client, responses.SECRET_HASH, namesOf(user, typed))
  noteContext(ctx, session.progress, contextData)
  noteKeySent(state, session.progress, responses.DEVICE_KEY)
  return handler({ ctx, pool, client, session, user, responses, clientMetadata: input.map('ClientMetadata') })
}

/** With `devices.allowSessionlessDeviceAuth`, the newest open device session of that user and key. */
function sessionlessDeviceSession(ctx: OpContext, client: AppClient, name: string, responses: Record<string, string>): string | undefined {
  if (!ctx.state.options.devices.allowSessionlessDeviceAuth) return undefined
  if (name !== 'DEVICE_SRP_AUTH' && name !== 'DEVICE_PASSWORD_VERIFIER') return undefined
  let found: AuthSession | undefined
  for (const s of ctx.state.sessions.values()) {
    if (!s.used && s.expects === name && s.progress.clientId === client.id && s.progress.deviceKey === responses.DEVICE_KEY) found = s
  }
  return found?.id
}

/** RespondToAuthChallenge. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RespondToAuthChallenge.html */
export const RespondToAuthChallenge: Operation = (ctx, input) => respond(ctx, input, false)

/** AdminRespondToAuthChallenge. */
export const AdminRespondToAuthChallenge: Operation = (ctx, input) => respond(ctx, input, true)
