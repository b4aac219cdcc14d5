import { attributeList, writeAttributes } from '../attributes'
import { errors, MESSAGES } from '../errors'
import { consumeCode, sendCode } from '../codes'
import { checkPassword } from '../passwordPolicy'
import { authenticate } from '../tokens/accessToken'
import { mfaSummary, setMfaPreference } from '../userMfa'
import type { Operation } from './types'

/** GetUser: The caller's user name, attributes and MFA settings. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUser.html @internal */
export const GetUser: Operation = ({ state }, input) => {
  const { user } = authenticate(state, input.req('AccessToken', 8192))
  return { Username: user.username, UserAttributes: attributeList(user), ...mfaSummary(user) }
}

/**
 * UpdateUserAttributes: custom attributes must be in the pool's schema and writable by the client. A
 * changed e-mail or phone that the pool auto-verifies becomes unverified and a code goes to the outbox.
 */
export const UpdateUserAttributes: Operation = ({ state }, input) => {
  const { pool, client, user } = authenticate(state, input.req('AccessToken', 8192))
  const changed = writeAttributes(pool, user, input.attributes('UserAttributes'), {
    creating: false,
    allowed: client.writeAttributes,
  })
  user.modifiedAt = state.clock.now()
  const deliveries: Record<string, string>[] = []
  for (const attr of changed) {
    if (attr !== 'email' && attr !== 'phone_number') continue
    const destination = user.attributes.get(attr)
    if (!destination || !pool.autoVerifiedAttributes.includes(attr)) continue
    user.attributes.set(`${attr}_verified`, 'false')
    deliveries.push(sendCode(state, pool, user, attr, attr, 24 * 3600_000))
  }
  return deliveries.length ? { CodeDeliveryDetailsList: deliveries } : {}
}

/** VerifyUserAttribute: Checks the code sent for a changed e-mail or phone and marks it verified. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerifyUserAttribute.html @internal */
export const VerifyUserAttribute: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  const attr = input.oneOf('AttributeName', ['email', 'phone_number'] as const, true)
  consumeCode(state, pool, user, attr, input.req('Code'))
  user.attributes.set(`${attr}_verified`, 'true')
  return {}
}

/**
 * GetUserAttributeVerificationCode: a code for the caller's current e-mail or phone number (replacing
 * any code sent for it before). Another attribute name, or one the user does not have, is
 * `InvalidParameterException`. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetUserAttributeVerificationCode.html @internal
 */
export const GetUserAttributeVerificationCode: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  const name = input.req('AttributeName', 32)
  if (name !== 'email' && name !== 'phone_number') throw errors.invalidParameter(`Attribute ${name} cannot be verified.`)
  if (!user.attributes.get(name)) throw errors.invalidParameter(`User does not have the attribute ${name}.`)
  return { CodeDeliveryDetails: sendCode(state, pool, user, name, name, 24 * 3600_000) }
}

/** DeleteUserAttributes: Removes attributes of the caller. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUserAttributes.html @internal */
export const DeleteUserAttributes: Operation = ({ state }, input) => {
  const { pool, client, user } = authenticate(state, input.req('AccessToken', 8192))
  const names = input.strings('UserAttributeNames') ?? []
  writeAttributes(
    pool,
    user,
    names.map((Name) => ({ Name, Value: '' })),
    { creating: false, allowed: client.writeAttributes },
  )
  return {}
}

/** ChangePassword: Changes the caller's password after checking the old one and the policy. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ChangePassword.html @internal */
export const ChangePassword: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  const previous = input.req('PreviousPassword', 256)
  const proposed = input.req('ProposedPassword', 256)
  if (previous !== user.password) throw errors.notAuthorized(MESSAGES.badCredentials)
  checkPassword(pool, proposed)
  user.password = proposed
  user.passwordSetAt = state.clock.now()
  user.modifiedAt = state.clock.now()
  return {}
}

/** SetUserMFAPreference: Turns the caller's MFA methods on or off and sets the preferred one. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SetUserMFAPreference.html @internal */
export const SetUserMFAPreference: Operation = ({ state }, input) => {
  setMfaPreference(authenticate(state, input.req('AccessToken', 8192)).user, input)
  return {}
}

/** DeleteUser: Deletes the caller and ends their sessions. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeleteUser.html @internal */
export const DeleteUser: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  state.signOutEverywhere(pool.id, user.username)
  pool.users.delete(state.userKey(pool, user.username))
  return {}
}

/** GlobalSignOut: every refresh token of the user stops working, and so do its access tokens. */
export const GlobalSignOut: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  state.signOutEverywhere(pool.id, user.username)
  return {}
}

/** RevokeToken: revokes a refresh token and the access tokens issued with it. */
export const RevokeToken: Operation = ({ state }, input) => {
  const token = input.req('Token', 8192)
  const client = state.clients.get(input.req('ClientId'))
  if (!client) throw errors.unauthorized('Invalid client id.')
  const secret = input.str('ClientSecret')
  if (client.secret && secret !== client.secret) throw errors.unauthorized('Client authentication failed.')
  if (!client.enableTokenRevocation) throw errors.unsupportedOperation('Token revocation is not enabled for this client.')
  if (token.split('.').length === 3) throw errors.unsupportedTokenType('Unsupported token type.')
  const grant = state.refreshGrants.get(token)
  if (!grant) return {}
  if (grant.clientId !== client.id) throw errors.unauthorized('Token does not belong to the client.')
  state.liveOrigins.delete(grant.originJti)
  state.refreshGrants.delete(token)
  return {}
}
