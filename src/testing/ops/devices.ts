import { bytesToBigInt, fromBase64 } from '../../srp/encoding'
import { confirmedDevice } from '../auth/devices'
import { errors, MESSAGES } from '../errors'
import type { Input } from '../input'
import type { LocalState } from '../store/LocalState'
import type { Device, User, UserPool } from '../store/types'
import { authenticate } from '../tokens/accessToken'
import { seconds, type OpContext, type Operation } from './types'

const notFound = () => errors.resourceNotFound(MESSAGES.deviceMissing)
const STATUSES = ['remembered', 'not_remembered'] as const

/** The error for device operations on a pool without tracking (an option: the documentation leaves it open). */
function trackingOff(state: LocalState): Error {
  return state.options.devices.operationsWhenTrackingOff === 'invalid-parameter'
    ? errors.invalidParameter('Device tracking is not enabled for this user pool.')
    : notFound()
}

/** DeviceType, with the attributes the AWS CLI reference shows. @internal */
export function deviceType(state: LocalState, pool: UserPool, user: User, device: Device): Record<string, unknown> {
  const owner = `${user.username}.${pool.id}`
  const attributes: [string, string | undefined][] = [
    ['device_status', 'valid'],
    ['device_name', device.name],
    ['dev:device_arn', `arn:aws:cognito-idp:${state.region}:${state.options.accountId}:owner/${owner}/device/${device.key}`],
    ['dev:device_owner', owner],
    ['last_ip_used', device.lastIp],
    ['dev:device_remembered_status', device.status],
    ['dev:device_sdk', device.sdk],
  ]
  return {
    DeviceKey: device.key,
    DeviceAttributes: attributes.filter(([, v]) => v !== undefined).map(([Name, Value]) => ({ Name, Value })),
    DeviceCreateDate: seconds(device.createdAt),
    DeviceLastModifiedDate: seconds(device.modifiedAt),
    ...(device.lastAuthenticatedAt ? { DeviceLastAuthenticatedDate: seconds(device.lastAuthenticatedAt) } : {}),
  }
}

/** A confirmed device of the user (and, for user calls, a remembered one), or "Device does not exist.". */
function findDevice(state: LocalState, pool: UserPool, user: User, key: string, rememberedOnly: boolean): Device {
  if (!pool.device) throw trackingOff(state)
  const device = confirmedDevice(user, key)
  if (!device || (rememberedOnly && device.status !== 'remembered')) throw notFound()
  return device
}

function page(state: LocalState, pool: UserPool, user: User, input: Input, rememberedOnly: boolean): Record<string, unknown> {
  const limit = input.int('Limit', 0, 60) || 60
  const token = input.str('PaginationToken')
  const all = pool.device ? [...user.devices.values()].filter((d) => d.confirmed && (!rememberedOnly || d.status === 'remembered')) : []
  let start = 0
  if (token !== undefined) {
    const after = Buffer.from(token, 'base64url').toString('utf8')
    start = all.findIndex((d) => d.key === after) + 1
    if (start === 0) throw errors.invalidParameter('Invalid pagination token.')
  }
  const slice = all.slice(start, start + limit)
  const last = slice.at(-1)
  const more = start + limit < all.length
  return {
    Devices: slice.map((d) => deviceType(state, pool, user, d)),
    ...(more && last ? { PaginationToken: Buffer.from(last.key).toString('base64url') } : {}),
  }
}

function adminUser({ state }: OpContext, input: Input): { pool: UserPool; user: User } {
  const pool = state.pool(input.req('UserPoolId'))
  return { pool, user: state.requireUser(pool, input.req('Username', 128)) }
}

function forget(state: LocalState, user: User, device: Device): void {
  user.devices.delete(device.key)
  for (const [token, grant] of state.refreshGrants) if (grant.deviceKey === device.key) state.refreshGrants.delete(token)
}

/** ConfirmDevice: stores the device's SRP verifier; remembered at once unless the pool asks the user. */
export const ConfirmDevice: Operation = ({ state }, input) => {
  const { pool, user, claims } = authenticate(state, input.req('AccessToken', 8192))
  const key = input.req('DeviceKey', 55)
  const config = input.obj('DeviceSecretVerifierConfig')
  const name = input.str('DeviceName', 1024)
  if (!pool.device) throw trackingOff(state)
  const device = user.devices.get(key)
  if (!device) throw notFound()
  if (state.options.devices.confirmRequiresTokenDevice && claims.device_key !== key) {
    throw errors.invalidParameter('Invalid device key given.')
  }
  const verifier = config?.str('PasswordVerifier', 4096)
  const salt = config?.str('Salt', 1024)
  if (verifier === undefined || salt === undefined) throw errors.invalidParameter('Invalid device key given.')
  let v: bigint
  let saltBytes: Uint8Array
  try {
    v = bytesToBigInt(fromBase64(verifier, 'PasswordVerifier'))
    saltBytes = fromBase64(salt, 'Salt')
  } catch {
    throw errors.invalidParameter('Invalid device key given.')
  }
  if (v === 0n || saltBytes.length === 0) throw errors.invalidParameter('Invalid device key given.')
  const prompt = pool.device.DeviceOnlyRememberedOnUserPrompt
  device.confirmed = true
  device.verifier = { v, saltBytes }
  device.name = name
  device.status = prompt ? 'not_remembered' : 'remembered'
  device.modifiedAt = state.clock.now()
  return { UserConfirmationNecessary: prompt }
}

/** UpdateDeviceStatus: Sets a device of the caller remembered or not_remembered. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html @internal */
export const UpdateDeviceStatus: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  const device = findDevice(state, pool, user, input.req('DeviceKey', 55), false)
  device.status = input.oneOf('DeviceRememberedStatus', STATUSES) ?? device.status
  device.modifiedAt = state.clock.now()
  return {}
}

/** GetDevice: One remembered device of the caller; not_remembered ones are "Device does not exist.". @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetDevice.html @internal */
export const GetDevice: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  return { Device: deviceType(state, pool, user, findDevice(state, pool, user, input.req('DeviceKey', 55), true)) }
}

/** ListDevices: The caller's remembered devices, paged (Limit up to 60, PaginationToken). @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html @internal */
export const ListDevices: Operation = ({ state }, input) => {
  const { pool, user } = authenticate(state, input.req('AccessToken', 8192))
  return page(state, pool, user, input, true)
}

/** ForgetDevice: Removes a device of the caller; refresh tokens bound to it stop working. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html @internal */
export const ForgetDevice: Operation = ({ state }, input) => {
  const { pool, user, claims } = authenticate(state, input.req('AccessToken', 8192))
  const key = input.str('DeviceKey', 55) ?? (typeof claims.device_key === 'string' ? claims.device_key : undefined)
  if (key === undefined) throw errors.invalidParameter('Missing required parameter DeviceKey')
  forget(state, user, findDevice(state, pool, user, key, false))
  return {}
}

/** AdminGetDevice: Any confirmed device of a user, whatever its status. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetDevice.html @internal */
export const AdminGetDevice: Operation = (ctx, input) => {
  const { pool, user } = adminUser(ctx, input)
  return { Device: deviceType(ctx.state, pool, user, findDevice(ctx.state, pool, user, input.req('DeviceKey', 55), false)) }
}

/** AdminListDevices: Every confirmed device of a user, paged. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListDevices.html @internal */
export const AdminListDevices: Operation = (ctx, input) => {
  const { pool, user } = adminUser(ctx, input)
  return page(ctx.state, pool, user, input, false)
}

/** AdminUpdateDeviceStatus: Sets a user's device remembered or not_remembered. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateDeviceStatus.html @internal */
export const AdminUpdateDeviceStatus: Operation = (ctx, input) => {
  const { pool, user } = adminUser(ctx, input)
  const device = findDevice(ctx.state, pool, user, input.req('DeviceKey', 55), false)
  device.status = input.oneOf('DeviceRememberedStatus', STATUSES) ?? device.status
  device.modifiedAt = ctx.state.clock.now()
  return {}
}

/** AdminForgetDevice: Removes a user's device; refresh tokens bound to it stop working. @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminForgetDevice.html @internal */
export const AdminForgetDevice: Operation = (ctx, input) => {
  const { pool, user } = adminUser(ctx, input)
  forget(ctx.state, user, findDevice(ctx.state, pool, user, input.req('DeviceKey', 55), false))
  return {}
}
