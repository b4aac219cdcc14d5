import {
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import type { RetryOptions } from '../cognito/withRetry'
import { expiredTrustKeys, parseTrustMap, serializeTrustMap, type TrustMap } from '../device/trustMap'
import { AuthError, toAuthError } from '../errors'
import type { AdminDevice } from './AdminDevice'
import { adminListDevices, adminUpdateDeviceStatus } from './adminDevices'
import { adminSend, type CallCounter } from './adminSend'
import type { PoolUser } from './listPoolUsers'

/** What the sweep did for one user. */
export interface SweptUser {
  /** The username. */
  username: string
  /** Devices marked `not_remembered` (or that would be, in a dry run). */
  expired: string[]
  /** Map entries removed (or that would be): the expired devices, and expired entries of devices already untrusted or gone. */
  pruned: string[]
  /** What failed; the entries concerned stay in the map, so the next run tries them again. */
  errors: { deviceKey?: string; error: AuthError }[]
}

/** The sweep's settings, as one user's pass needs them. @internal */
export interface SweepContext {
  client: CognitoIdentityProviderClient
  userPoolId: string
  attribute: string
  now: number
  dryRun: boolean
  expireUnlisted: boolean
  retry: RetryOptions
  counter: CallCounter
}

const gone = (error: AuthError) => error.code === 'STALE_DEVICE' || error.code === 'RESOURCE_NOT_FOUND'

function unreadable(attribute: string): AuthError {
  return new AuthError('UNEXPECTED_RESPONSE', `the user's ${attribute} is not a trust map (a JSON object of device key to epoch seconds)`)
}

/** The user's attribute as it is now (the sweep acts on a fresh read, not on a page read minutes ago). */
async function freshMap(ctx: SweepContext, username: string): Promise<TrustMap | null> {
  const request = { UserPoolId: ctx.userPoolId, Username: username }
  const user = await adminSend('AdminGetUser', () => ctx.client.send(new AdminGetUserCommand(request)), ctx.retry, ctx.counter)
  return parseTrustMap(user.UserAttributes?.find((a) => a.Name === ctx.attribute)?.Value)
}

/** What is due for a user: expired map entries, and (when asked) remembered devices the map does not list. */
function plan(ctx: SweepContext, map: TrustMap, devices: Map<string, AdminDevice> | undefined) {
  const due = expiredTrustKeys(map, ctx.now)
  const unlisted = devices
    ? [...devices.values()].filter((d) => d.rememberedStatus === 'remembered' && !Object.hasOwn(map, d.deviceKey)).map((d) => d.deviceKey)
    : []
  return { due, unlisted, empty: due.length === 0 && unlisted.length === 0 }
}

/**
 * One user's pass: for every entry of the trust map whose time has come, mark the device
 * `not_remembered` if it still is remembered, then drop the entries that were dealt with from the map.
 * Devices first, map second: a crash in between leaves the entries in place, and the next run
 * finishes the job (marking a device `not_remembered` twice is harmless). With `expireUnlisted`, a
 * user who has a map also gets every remembered device that the map does not list marked.
 *
 * @param ctx - client, pool, attribute, clock and mode
 * @param user - the user from ListUsers
 * @internal
 */
export async function sweepUser(ctx: SweepContext, user: PoolUser): Promise<SweptUser> {
  const result: SweptUser = { username: user.username, expired: [], pruned: [], errors: [] }
  const value = user.attributes[ctx.attribute]
  const listed = parseTrustMap(value)
  if (listed === null) {
    result.errors.push({ error: unreadable(ctx.attribute) })
    return result
  }
  const checkUnlisted = ctx.expireUnlisted && value !== undefined && value !== ''
  if (!checkUnlisted && expiredTrustKeys(listed, ctx.now).length === 0) return result
  const base = { client: ctx.client, userPoolId: ctx.userPoolId, username: user.username, retry: ctx.retry, counter: ctx.counter }
  const listDevices = async () => new Map((await adminListDevices(base)).map((d) => [d.deviceKey, d]))
  const markNotRemembered = async (deviceKey: string): Promise<'done' | 'gone' | 'failed'> => {
    try {
      if (!ctx.dryRun) await adminUpdateDeviceStatus({ ...base, deviceKey, status: 'not_remembered' })
      result.expired.push(deviceKey)
      return 'done'
    } catch (thrown) {
      const error = toAuthError(thrown)
      if (gone(error)) return 'gone'
      result.errors.push({ deviceKey, error })
      return 'failed'
    }
  }
  try {
    let devices = checkUnlisted ? await listDevices() : undefined
    if (devices && plan(ctx, listed, devices).empty) return result
    const map = await freshMap(ctx, user.username)
    if (map === null) throw unreadable(ctx.attribute)
    const { empty, due, unlisted } = plan(ctx, map, devices) // devices is listed here exactly when checkUnlisted
    if (empty) return result
    devices ??= await listDevices()
    for (const deviceKey of due) {
      const remembered = devices.get(deviceKey)?.rememberedStatus === 'remembered'
      if (!remembered || (await markNotRemembered(deviceKey)) !== 'failed') result.pruned.push(deviceKey)
    }
    for (const deviceKey of unlisted) await markNotRemembered(deviceKey)
    if (result.pruned.length > 0 && !ctx.dryRun) {
      const next: TrustMap = { ...map }
      for (const key of result.pruned) delete next[key]
      const request = {
        UserPoolId: ctx.userPoolId,
        Username: user.username,
        UserAttributes: [{ Name: ctx.attribute, Value: serializeTrustMap(next) }],
      }
      await adminSend(
        'AdminUpdateUserAttributes',
        () => ctx.client.send(new AdminUpdateUserAttributesCommand(request)),
        ctx.retry,
        ctx.counter,
      )
    }
  } catch (thrown) {
    const error = toAuthError(thrown)
    // A user deleted since ListUsers took their devices along: nothing is left to expire.
    if (error.code !== 'USER_NOT_FOUND') result.errors.push({ error })
    result.pruned = []
  }
  return result
}
