import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import type { RetryOptions } from '../cognito/withRetry'
import { parseTrustMap, serializeTrustMap, type TrustMap } from '../device/trustMap'
import { AuthError, toAuthError } from '../errors'
import type { AdminDevice } from './AdminDevice'
import { adminListDevices, adminUpdateDeviceStatus, type AdminUserInput } from './adminDevices'
import { adminSend, type CallCounter } from './adminSend'
import type { PoolUser } from './listPoolUsers'

/** What the sweep did for one user. */
export interface SweptUser {
  /** The username. */
  username: string
  /** Devices marked `not_remembered` (or that would be, in a dry run). */
  expired: string[]
  /** Trust-map entries removed (or that would be): entries of devices no longer remembered, gone, or past their date. */
  pruned: string[]
  /** What failed; the next run tries it again. */
  errors: { deviceKey?: string; error: AuthError }[]
}

/** The sweep's settings, as one user's pass needs them. @internal */
export interface SweepContext {
  client: CognitoIdentityProviderClient
  userPoolId: string
  /** Trust period, milliseconds. */
  periodMs: number
  attribute: string | undefined
  now: number
  dryRun: boolean
  retry: RetryOptions
  counter: CallCounter
}

const gone = (error: AuthError) => error.code === 'STALE_DEVICE' || error.code === 'RESOURCE_NOT_FOUND'

/**
 * When a remembered device's trust ends: its `DeviceCreateDate` plus the trust period, or the user's
 * map entry for it when that is earlier (the map can only shorten: its owner can write it). `null` when
 * Cognito gave no date.
 *
 * @param device - the device from AdminListDevices
 * @param map - the user's trust map (empty when there is none or it is unreadable)
 * @param periodMs - the trust period
 * @internal
 */
function deviceDeadline(device: AdminDevice, map: TrustMap, periodMs: number): number | null {
  if (!device.createdAt) return null
  const byDate = device.createdAt.getTime() + periodMs
  const entry = Object.hasOwn(map, device.deviceKey) ? (map[device.deviceKey] as number) * 1000 : Infinity
  return Math.min(byDate, entry)
}

/**
 * One user's pass: list the user's devices (AdminListDevices), mark each remembered device whose trust
 * period is over `not_remembered` (AdminUpdateDeviceStatus), then, with an attribute, remove the map
 * entries that no longer stand for a trusted device (a fresh AdminGetUser, then
 * AdminUpdateUserAttributes, only when there is one to remove). Devices first, map second: a run that
 * stops half-way is finished by the next, and marking a device twice is harmless.
 *
 * @param ctx - client, pool, period, attribute, clock and mode
 * @param user - the user from ListUsers
 * @internal
 */
export async function sweepUser(ctx: SweepContext, user: PoolUser): Promise<SweptUser> {
  const result: SweptUser = { username: user.username, expired: [], pruned: [], errors: [] }
  const base = { client: ctx.client, userPoolId: ctx.userPoolId, username: user.username, retry: ctx.retry, counter: ctx.counter }
  try {
    const map = (ctx.attribute && parseTrustMap(user.attributes[ctx.attribute])) || {}
    const trusted = new Set<string>()
    for (const device of await adminListDevices(base)) {
      if (device.rememberedStatus !== 'remembered') continue
      const deadline = deviceDeadline(device, map, ctx.periodMs)
      if (deadline === null) {
        result.errors.push({
          deviceKey: device.deviceKey,
          error: new AuthError('UNEXPECTED_RESPONSE', 'The device has no DeviceCreateDate.'),
        })
        trusted.add(device.deviceKey)
      } else if (deadline > ctx.now || !(await markNotRemembered(ctx, base, device.deviceKey, result))) {
        trusted.add(device.deviceKey)
      }
    }
    const stale = Object.keys(map).filter((key) => !trusted.has(key) || (map[key] as number) * 1000 <= ctx.now)
    if (ctx.attribute && stale.length > 0) await pruneMap(ctx, ctx.attribute, user.username, stale, result)
  } catch (thrown) {
    const error = toAuthError(thrown)
    // A user deleted since ListUsers took their devices along: nothing is left to expire.
    if (error.code !== 'USER_NOT_FOUND') result.errors.push({ error })
  }
  return result
}

/** Marks one device `not_remembered`; false when that failed (reported; the next run tries again). */
async function markNotRemembered(ctx: SweepContext, base: AdminUserInput, deviceKey: string, result: SweptUser): Promise<boolean> {
  try {
    if (!ctx.dryRun) await adminUpdateDeviceStatus({ ...base, deviceKey, status: 'not_remembered' })
    result.expired.push(deviceKey)
    return true
  } catch (thrown) {
    const error = toAuthError(thrown)
    if (gone(error)) return true
    result.errors.push({ deviceKey, error })
    return false
  }
}

/**
 * Removes `stale` entries from the user's map as it is now (read fresh: a client may have written since
 * ListUsers). An entry lost to a concurrent write costs nothing: its device is judged by its date.
 */
async function pruneMap(ctx: SweepContext, attribute: string, username: string, stale: string[], result: SweptUser): Promise<void> {
  const request = { UserPoolId: ctx.userPoolId, Username: username }
  const user = await adminSend('AdminGetUser', () => ctx.client.send(new AdminGetUserCommand(request)), ctx.retry, ctx.counter)
  const map = parseTrustMap(user.UserAttributes?.find((a) => a.Name === attribute)?.Value) ?? {}
  const pruned = stale.filter((key) => Object.hasOwn(map, key))
  if (pruned.length === 0) return
  if (!ctx.dryRun) {
    for (const key of pruned) delete map[key]
    const update = { ...request, UserAttributes: [{ Name: attribute, Value: serializeTrustMap(map) }] }
    await adminSend(
      'AdminUpdateUserAttributes',
      () => ctx.client.send(new AdminUpdateUserAttributesCommand(update)),
      ctx.retry,
      ctx.counter,
    )
  }
  result.pruned.push(...pruned)
}
