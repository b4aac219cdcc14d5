/** The signed-in user's device list and forget: loaded on first use (see `later` in authActors.ts). */
import { AuthError, toAuthError } from '../errors'
import type { ActorKit } from './AuthDeps'
import { optionalText, own, text, unexpected } from './checks'
import type { ListedDevice } from './types'

/** Output of the `forgetDevice` actor. */
export interface ForgetDeviceOutput {
  /** The device forgotten. */
  deviceKey: string
  /** True when it was this client's device (its local record is gone too). */
  current: boolean
}

/**
 * ForgetDevice for this device (default) or another of the user's devices. A key Cognito does not know
 * for this user is `RESOURCE_NOT_FOUND`, and this device's record and view stay as they are.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html
 */
export async function forgetDevice(kit: ActorKit, input: { userId: string; deviceKey: string | null }): Promise<ForgetDeviceOutput> {
  const session = await kit.signedIn(input.userId)
  const found = await kit.devices.find(session.userId)
  const currentKey = found.record?.deviceKey ?? session.deviceKey
  const deviceKey = input.deviceKey ?? currentKey
  if (!deviceKey) throw new AuthError('INVALID_INPUT', 'This device is not remembered, so there is nothing to forget.')
  if (typeof deviceKey !== 'string' || deviceKey.length > 55) throw new AuthError('INVALID_INPUT', 'That is not a device key.')
  const current = deviceKey === currentKey
  try {
    await kit.call('ForgetDevice', { AccessToken: session.tokens.accessToken, DeviceKey: deviceKey })
  } catch (thrown) {
    const error = toAuthError(thrown)
    // Cognito's "Device does not exist." for another key is not this device going stale
    if (current || error.code !== 'STALE_DEVICE') throw error
    throw new AuthError('RESOURCE_NOT_FOUND', 'That device is not one of this account’s devices.', { cause: error.cause })
  }
  if (current) await kit.devices.remove(session.userId, deviceKey)
  await kit.recordTrust(session, deviceKey, null)
  return { deviceKey, current }
}

/** A date Cognito gives as epoch seconds (JSON), or as a `Date` (the AWS SDK): epoch milliseconds, or null. */
function epochMs(value: unknown): number | null {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value * 1000 : NaN
  return Number.isFinite(ms) ? Math.round(ms) : null
}

/** Pages read at most (60 devices each). */
const MAX_PAGES = 50

/**
 * ListDevices, all pages (at most 50). Cognito lists remembered devices only. Each device is read from
 * its own fields with their types checked; dates become epoch milliseconds whichever transport read them.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html
 */
export async function listDevices(kit: ActorKit, input: { userId: string }): Promise<ListedDevice[]> {
  const session = await kit.signedIn(input.userId)
  const found = await kit.devices.find(session.userId)
  const currentKey = found.record?.deviceKey ?? session.deviceKey
  const devices: ListedDevice[] = []
  let token: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await kit.call('ListDevices', { AccessToken: session.tokens.accessToken, Limit: 60, PaginationToken: token })
    const list = own(out, 'Devices') ?? []
    if (!Array.isArray(list) || list.length > 60) throw unexpected('Devices')
    for (const d of list) {
      const attributes = own(d, 'DeviceAttributes') ?? []
      if (!Array.isArray(attributes) || attributes.length > 32) throw unexpected('DeviceAttributes')
      const attr = (name: string) => {
        const found = attributes.find((a) => own(a, 'Name') === name)
        return optionalText(own(found, 'Value'), name, 1024) ?? null
      }
      const deviceKey = text(own(d, 'DeviceKey'), 'DeviceKey', 55)
      const status = attr('dev:device_remembered_status')
      devices.push({
        deviceKey,
        name: attr('device_name'),
        status: status === 'remembered' || status === 'not_remembered' ? status : null,
        lastAuthenticatedAt: epochMs(own(d, 'DeviceLastAuthenticatedDate')),
        createdAt: epochMs(own(d, 'DeviceCreateDate')),
        current: deviceKey === currentKey,
      })
    }
    token = optionalText(own(out, 'PaginationToken'), 'PaginationToken', 4096)
    if (!token) break
  }
  return devices
}
