import { writeAttributes } from '../attributes'
import { checkSecretHash } from '../auth/secretHash'
import { codeDestination, consumeCode, sendCode } from '../codes'
import { errors } from '../errors'
import { ids } from '../ids'
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
      ? errors.codeMismatch('Invalid verification code provided, please try again.')
      : errors.userNotFound('Username/client id combination not found.')
  }
  return user
}

/** SignUp: an UNCONFIRMED user; a confirmation code goes to an auto-verified e-mail or phone. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html @internal */
export const SignUp: Operation = ({ state }, input) => {
  const { pool, client } = state.client(input.req('ClientId'))
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
  const to = (['email', 'phone_number'] as const).find((a) => pool.autoVerifiedAttributes.includes(a) && user.attributes.get(a))
  return {
    UserConfirmed: false,
    UserSub: sub,
    ...(to ? { CodeDeliveryDetails: sendCode(state, pool, user, 'signup', to, DAY) } : {}),
  }
}

/** ConfirmSignUp: checks the code, confirms the user and verifies the attribute it went to. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmSignUp.html @internal */
export const ConfirmSignUp: Operation = ({ state }, input) => {
  const { pool, client } = state.client(input.req('ClientId'))
  const user = publicUser(state, client, pool, input.req('Username', 128), input.str('SecretHash'))
  if (user.status !== 'UNCONFIRMED') throw errors.notAuthorized('User cannot be confirmed. Current status is CONFIRMED')
  consumeCode(state, pool, user, 'signup', input.req('ConfirmationCode', 2048))
  user.status = 'CONFIRMED'
  const to = codeDestination(user, false)
  if (to) user.attributes.set(`${to}_verified`, 'true')
  return {}
}

/** ResendConfirmationCode. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ResendConfirmationCode.html @internal */
export const ResendConfirmationCode: Operation = ({ state }, input) => {
  const { pool, client } = state.client(input.req('ClientId'))
  const user = publicUser(state, client, pool, input.req('Username', 128), input.str('SecretHash'))
  if (user.status !== 'UNCONFIRMED') throw errors.invalidParameter('User is already confirmed.')
  const to = codeDestination(user, false)
  if (!to) throw errors.invalidParameter('No e-mail or phone number to send a code to.')
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
export const ForgotPassword: Operation = ({ state }, input) => {
  const { pool, client } = state.client(input.req('ClientId'))
  const username = input.req('Username', 128)
  if (client.preventUserExistenceErrors === 'ENABLED' && !state.findUser(pool, username)) {
    // As Cognito does for unknown users when existence errors are hidden: a plausible delivery, no code.
    checkSecretHash(client, input.str('SecretHash'), [username])
    return { CodeDeliveryDetails: { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' } }
  }
  const user = publicUser(state, client, pool, username, input.str('SecretHash'))
  const to = codeDestination(user, true)
  if (!to) {
    throw errors.invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number')
  }
  return { CodeDeliveryDetails: sendCode(state, pool, user, 'forgot', to, 3600_000) }
}

/** ConfirmForgotPassword: checks the code and the policy, sets the password, ends old sessions. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmForgotPassword.html @internal */
export const ConfirmForgotPassword: Operation = ({ state }, input) => {
  const { pool, client } = state.client(input.req('ClientId'))
  const user = publicUser(state, client, pool, input.req('Username', 128), input.str('SecretHash'))
  const password = input.req('Password', 256)
  consumeCode(state, pool, user, 'forgot', input.req('ConfirmationCode', 2048))
  checkPassword(pool, password)
  user.password = password
  user.passwordSetAt = state.clock.now()
  if (user.status === 'RESET_REQUIRED' || user.status === 'FORCE_CHANGE_PASSWORD') user.status = 'CONFIRMED'
  return {}
}
