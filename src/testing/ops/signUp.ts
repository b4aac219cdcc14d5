import { writeAttributes } from '../attributes'
import { checkSignUpSession, confirmedSession, signUpSession } from '../auth/autoSignIn'
import { checkSecretHash } from '../auth/secretHash'
import { CODE_MESSAGES, codeDestination, consumeCode, sendCode, signUpDestination } from '../codes'
import { errors } from '../errors'
import { readContextData, recordEvent } from '../events'
import { ids } from '../ids'
import { decoyDestination } from '../mask'
import { checkPassword } from '../passwordPolicy'
import type { LocalState } from '../store/LocalState'
import type { AppClient, User, UserPool } from '../store/types'
import { checkUnique } from './adminUsers'
import type { Operation } from './types'

const DAY = 86_400_000

/** The user a public (ClientId-addressed) call names, with its SecretHash checked. */
function publicUser(state: LocalState, client: AppClient, pool: UserPool, username: string, secretHash: string | undefined): User {
  checkSecretHash(client, secretHash, [username])
  const user = state.findUser(pool, username)
  if (!user) {
    throw client.preventUserExistenceErrors === 'ENABLED'
      ? errors.codeMismatch(CODE_MESSAGES.mismatch)
      : errors.userNotFound('Username/client id combination not found.')
  }
  return user
}

/**
 * With PreventUserExistenceErrors ENABLED, what an unknown user is told by ResendConfirmationCode and
 * ForgotPassword: what a known user with a verified e-mail is told (a masked address), and no code is sent.
 */
function hiddenUnknown(state: LocalState, client: AppClient, pool: UserPool, username: string): Record<string, unknown> | undefined {
  if (client.preventUserExistenceErrors !== 'ENABLED' || state.findUser(pool, username)) return undefined
  return { CodeDeliveryDetails: { Destination: decoyDestination(username), DeliveryMedium: 'EMAIL', AttributeName: 'email' } }
}

/**
 * SignUp: an UNCONFIRMED user; a confirmation code goes to an auto-verified e-mail or phone. Returns a
 * Session for ConfirmSignUp (auto sign-in). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html @internal
 */
export const SignUp: Operation = (ctx, input) => {
  const { state } = ctx
  const { pool, client } = state.client(input.req('ClientId'))
  const contextData = readContextData(input)
  const given = input.req('Username', 128)
  const password = input.req('Password', 256)
  const attrs = input.attributes('UserAttributes')
  checkSecretHash(client, input.str('SecretHash'), [given])
  const sub = ids.uuid()
  let username = given
  if (pool.usernameAttributes.length) {
    const byAttr = pool.usernameAttributes.find((a) => (a === 'email' ? given.includes('@') : /^\+\d+$/.test(given)))
    if (!byAttr) throw errors.invalidParameter(`Username should be ${pool.usernameAttributes.join(' or ')}.`)
    username = sub
    if (!attrs.some((a) => a.Name === byAttr)) attrs.push({ Name: byAttr, Value: given })
  }
  if (state.findUser(pool, given) || pool.users.has(state.userKey(pool, username))) {
    throw errors.usernameExists('User already exists')
  }
  checkPassword(pool, password)
  const now = state.clock.now()
  const user: User = {
    username,
    sub,
    attributes: new Map(),
    password,
    passwordSetAt: now,
    status: 'UNCONFIRMED',
    enabled: true,
    createdAt: now,
    modifiedAt: now,
    verifier: undefined,
    mfa: { sms: false, email: false, totp: false, preferred: undefined, totpSecret: undefined, pendingTotpSecret: undefined },
    devices: new Map(),
    deviceGroupKey: ids.deviceGroupKey(),
    groups: new Set(),
  }
  writeAttributes(pool, user, attrs, { creating: true, allowed: client.writeAttributes })
  checkUnique(pool, user)
  pool.users.set(state.userKey(pool, username), user)
  const to = signUpDestination(pool, user)
  recordEvent(ctx, { pool, client, user }, 'SignUp', contextData)
  return {
    UserConfirmed: false,
    UserSub: sub,
    ...(to ? { CodeDeliveryDetails: sendCode(state, pool, user, 'signup', to, DAY) } : {}),
    Session: signUpSession(state, pool, client, user),
  }
}

/**
 * ConfirmSignUp: checks the code (and SignUp's Session, when given), confirms the user and verifies the
 * attribute the code went to. Returns a Session for InitiateAuth USER_AUTH (auto sign-in), with or
 * without SignUp's. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html @internal
 */
export const ConfirmSignUp: Operation = (ctx, input) => {
  const { state } = ctx
  const { pool, client } = state.client(input.req('ClientId'))
  const contextData = readContextData(input)
  const code = input.req('ConfirmationCode', 2048)
  const user = publicUser(state, client, pool, input.req('Username', 128), input.str('SecretHash'))
  if (user.status !== 'UNCONFIRMED') throw errors.notAuthorized('User cannot be confirmed. Current status is CONFIRMED')
  const spendSignUpSession = checkSignUpSession(state, client, user, input.str('Session', 2048))
  const { attribute } = consumeCode(state, pool, user, 'signup', code)
  spendSignUpSession()
  user.status = 'CONFIRMED'
  user.attributes.set(`${attribute}_verified`, 'true')
  user.modifiedAt = state.clock.now()
  recordEvent(ctx, { pool, client, user }, 'ConfirmSignUp', contextData)
  return { Session: confirmedSession(state, pool, client, user) }
}

/**
 * ResendConfirmationCode: a new code (the previous one stops working) to the attribute the pool
 * auto-verifies. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html @internal
 */
export const ResendConfirmationCode: Operation = (ctx, input) => {
  const { state } = ctx
  const { pool, client } = state.client(input.req('ClientId'))
  const contextData = readContextData(input)
  const username = input.req('Username', 128)
  checkSecretHash(client, input.str('SecretHash'), [username])
  const hidden = hiddenUnknown(state, client, pool, username)
  if (hidden) return hidden
  const user = publicUser(state, client, pool, username, input.str('SecretHash'))
  if (user.status !== 'UNCONFIRMED') throw errors.invalidParameter('User is already confirmed.')
  const to = signUpDestination(pool, user) ?? codeDestination(user, false)
  if (!to) throw errors.invalidParameter('No e-mail or phone number to send a code to.')
  recordEvent(ctx, { pool, client, user }, 'ResendCode', contextData)
  return { CodeDeliveryDetails: sendCode(state, pool, user, 'signup', to, DAY) }
}

/** AdminConfirmSignUp. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminConfirmSignUp.html @internal */
export const AdminConfirmSignUp: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  if (user.status !== 'UNCONFIRMED') throw errors.notAuthorized('User cannot be confirmed. Current status is CONFIRMED')
  user.status = 'CONFIRMED'
  return {}
}

/** ForgotPassword: a reset code to the user's verified e-mail or phone. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html @internal */
export const ForgotPassword: Operation = (ctx, input) => {
  const { state } = ctx
  const { pool, client } = state.client(input.req('ClientId'))
  const contextData = readContextData(input)
  const username = input.req('Username', 128)
  checkSecretHash(client, input.str('SecretHash'), [username])
  const hidden = hiddenUnknown(state, client, pool, username)
  if (hidden) return hidden
  const user = publicUser(state, client, pool, username, input.str('SecretHash'))
  const to = codeDestination(user, true)
  if (!to) {
    throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number')
  }
  recordEvent(ctx, { pool, client, user }, 'ForgotPassword', contextData)
  return { CodeDeliveryDetails: sendCode(state, pool, user, 'forgot', to, 3600_000) }
}

/** ConfirmForgotPassword: checks the code and the policy, sets the password; sessions issued before stay valid (their refresh tokens keep working). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html @internal */
export const ConfirmForgotPassword: Operation = (ctx, input) => {
  const { state } = ctx
  const { pool, client } = state.client(input.req('ClientId'))
  const contextData = readContextData(input)
  const password = input.req('Password', 256)
  const code = input.req('ConfirmationCode', 2048)
  const user = publicUser(state, client, pool, input.req('Username', 128), input.str('SecretHash'))
  consumeCode(state, pool, user, 'forgot', code)
  checkPassword(pool, password)
  user.password = password
  user.passwordSetAt = state.clock.now()
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED'
  recordEvent(ctx, { pool, client, user }, 'ConfirmForgotPassword', contextData)
  return {}
}
