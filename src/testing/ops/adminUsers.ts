import { attributeList, writeAttributes } from '../attributes'
import { errors } from '../errors'
import { ids } from '../ids'
import type { Input } from '../input'
import { checkPassword } from '../passwordPolicy'
import type { LocalState } from '../store/LocalState'
import type { User, UserPool } from '../store/types'
import { mfaSummary, setMfaPreference } from '../userMfa'
import { seconds, type Operation } from './types'

/** The UserType of AdminCreateUser / ListUsers. @internal */
export function userType(user: User): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: attributeList(user),
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  }
}

/** Refuses a user whose sign-in e-mail or phone (username attribute or alias) another user has. @internal */
export function checkUnique(pool: UserPool, user: User): void {
  for (const attr of [...pool.usernameAttributes, ...pool.aliasAttributes]) {
    const value = user.attributes.get(attr)
    if (value === undefined) continue
    for (const other of pool.users.values()) {
      if (other !== user && other.attributes.get(attr)?.toLowerCase() === value.toLowerCase()) {
        throw pool.usernameAttributes.includes(attr)
          ? errors.usernameExists(`An account with the given ${attr} already exists.`)
          : errors.aliasExists(`An account with the given ${attr} already exists.`)
      }
    }
  }
}

function sendInvitation(state: LocalState, user: User, input: Input): void {
  if (input.str('MessageAction') === 'SUPPRESS') return
  const mediums = input.strings('DesiredDeliveryMediums') ?? ['SMS']
  const temp = user.password
  for (const medium of mediums) {
    const channel = medium === 'EMAIL' ? 'EMAIL' : 'SMS'
    const destination = user.attributes.get(channel === 'EMAIL' ? 'email' : 'phone_number')
    if (!destination) continue
    state.outbox.send({
      username: user.username,
      channel,
      destination,
      code: temp,
      text: `Your username is ${user.username} and temporary password is ${temp}.`,
      purpose: 'INVITATION',
      sentAt: state.clock.now(),
    })
  }
}

/** AdminCreateUser: Creates a user in FORCE_CHANGE_PASSWORD with a temporary password (invitation to the outbox unless suppressed). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminCreateUser.html @internal */
export const AdminCreateUser: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const given = input.req('Username', 128)
  const attrs = input.attributes('UserAttributes')
  const sub = ids.uuid()
  let username = given
  const byAttr = pool.usernameAttributes.find((a) => (a === 'email' ? given.includes('@') : /^\+\d+$/.test(given)))
  if (pool.usernameAttributes.length) {
    if (!byAttr) throw errors.invalidParameter(`Username should be ${pool.usernameAttributes.join(' or ')}.`)
    username = sub
    if (!attrs.some((a) => a.Name === byAttr)) attrs.push({ Name: byAttr, Value: given })
  }
  if (pool.users.has(state.userKey(pool, username))) throw errors.usernameExists('User account already exists')
  const temporary = input.str('TemporaryPassword', 256)
  if (temporary !== undefined) checkPassword(pool, temporary)
  const now = state.clock.now()
  const user: User = {
    username,
    sub,
    attributes: new Map(),
    password: temporary ?? ids.temporaryPassword(),
    passwordSetAt: now,
    status: 'FORCE_CHANGE_PASSWORD',
    enabled: true,
    createdAt: now,
    modifiedAt: now,
    verifier: undefined,
    mfa: { sms: false, email: false, totp: false, preferred: undefined, totpSecret: undefined, pendingTotpSecret: undefined },
    devices: new Map(),
    deviceGroupKey: ids.deviceGroupKey(),
    groups: new Set(),
  }
  writeAttributes(pool, user, attrs, { creating: true })
  checkUnique(pool, user)
  pool.users.set(state.userKey(pool, username), user)
  sendInvitation(state, user, input)
  return { User: userType(user) }
}

/** AdminSetUserPassword: Sets a password, permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserPassword.html @internal */
export const AdminSetUserPassword: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  const password = input.req('Password', 256)
  checkPassword(pool, password)
  user.password = password
  user.passwordSetAt = state.clock.now()
  user.status = input.bool('Permanent') ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD'
  user.modifiedAt = state.clock.now()
  return {}
}

/** AdminGetUser: A user with attributes, status and MFA settings. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetUser.html @internal */
export const AdminGetUser: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: seconds(user.createdAt),
    UserLastModifiedDate: seconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaSummary(user),
  }
}

/** AdminDeleteUser: Deletes a user and ends their sessions. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDeleteUser.html @internal */
export const AdminDeleteUser: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  state.signOutEverywhere(pool.id, user.username)
  pool.users.delete(state.userKey(pool, user.username))
  return {}
}

/** AdminUpdateUserAttributes: Writes attributes of a user, custom ones included. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateUserAttributes.html @internal */
export const AdminUpdateUserAttributes: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  writeAttributes(pool, user, input.attributes('UserAttributes'), { creating: false })
  checkUnique(pool, user)
  user.modifiedAt = state.clock.now()
  return {}
}

/** AdminDeleteUserAttributes: Removes attributes of a user. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDeleteUserAttributes.html @internal */
export const AdminDeleteUserAttributes: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  const names = input.strings('UserAttributeNames') ?? []
  writeAttributes(
    pool,
    user,
    names.map((Name) => ({ Name, Value: '' })),
    { creating: false },
  )
  return {}
}

/** AdminSetUserMFAPreference: Turns a user's MFA methods on or off and sets the preferred one. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminSetUserMFAPreference.html @internal */
export const AdminSetUserMFAPreference: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  setMfaPreference(state.requireUser(pool, input.req('Username', 128)), input)
  return {}
}

/** AdminUserGlobalSignOut: Ends every sign-in of a user. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUserGlobalSignOut.html @internal */
export const AdminUserGlobalSignOut: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  state.signOutEverywhere(pool.id, user.username)
  return {}
}

/** AdminDisableUser: Disables a user and ends their sessions. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html @internal */
export const AdminDisableUser: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const user = state.requireUser(pool, input.req('Username', 128))
  user.enabled = false
  state.signOutEverywhere(pool.id, user.username)
  return {}
}

/** AdminEnableUser: Enables a user. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminEnableUser.html @internal */
export const AdminEnableUser: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  state.requireUser(pool, input.req('Username', 128)).enabled = true
  return {}
}

/** `name = "value"` or `name ^= "prefix"`, the two forms of ListUsers' Filter. */
function userFilter(filter: string | undefined): (user: User) => boolean {
  if (filter === undefined || filter.trim() === '') return () => true
  const match = /^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter)
  if (!match) throw errors.invalidParameter('Invalid search filter.')
  const [, name, op, value] = match as unknown as [string, string, string, string]
  const read = (user: User) =>
    name === 'username'
      ? user.username
      : name === 'status'
        ? user.enabled
          ? 'Enabled'
          : 'Disabled'
        : name === 'cognito:user_status'
          ? user.status
          : name === 'sub'
            ? user.sub
            : user.attributes.get(name)
  return (user) => {
    const actual = read(user)
    return actual !== undefined && (op === '=' ? actual === value : actual.startsWith(value))
  }
}

/** ListUsers, with Limit (60 at most), PaginationToken, AttributesToGet and the simple Filter forms. */
export const ListUsers: Operation = ({ state }, input) => {
  const pool = state.pool(input.req('UserPoolId'))
  const limit = input.int('Limit', 0, 60) || 60
  const token = input.str('PaginationToken')
  const wanted = input.strings('AttributesToGet')
  const all = [...pool.users.values()].filter(userFilter(input.str('Filter', 256)))
  let start = 0
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64url').toString('utf8')
    start = all.findIndex((u) => u.username === after) + 1
    if (start === 0) throw errors.invalidParameter('Invalid pagination token.')
  }
  const slice = all.slice(start, start + limit)
  const users = slice.map((user) => {
    const type = userType(user)
    if (wanted) type.Attributes = attributeList(user).filter((a) => wanted.includes(a.Name))
    return type
  })
  const last = slice.at(-1)
  const more = start + limit < all.length
  return { Users: users, ...(more && last ? { PaginationToken: Buffer.from(last.username).toString('base64url') } : {}) }
}
