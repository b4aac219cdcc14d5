/**
 * The signed-in user's device list and forget: loaded on first use (see `later` in authActors.ts), so
 * this module imports nothing at run time: what it shares with sign-in comes through the kit.
 */
import type { ActorKit } from './AuthDeps'
import type { ListedDevice } from './types'

/** Output of the `forgetDevice` actor. */
export interface ForgetDeviceOutput {
  /** The device forgotten. */
  deviceKey: string
  /** True when it was this client's device (its local record is gone too). */
  current: boolean
}

/**
 * ForgetDevice for this device (default) or another of the user's devices.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgetDevice.html
 */
export async function forgetDevice(kit: ActorKit, input: { deviceKey: string | null }): Promise<ForgetDeviceOutput> {
  const session = await kit.signedIn()
  const found = await kit.devices.find(session.userId)
  const currentKey = found.record?.deviceKey ?? session.deviceKey
  const deviceKey = input.deviceKey ?? currentKey
  if (!deviceKey) throw kit.error('INVALID_INPUT', 'this client has no device to forget')
  await kit.call('ForgetDevice', { AccessToken: session.tokens.accessToken, DeviceKey: deviceKey })
  const current = deviceKey === currentKey
  if (current) await kit.devices.remove(session.userId, deviceKey)
  await kit.recordTrust(session, deviceKey, null)
  return { deviceKey, current }
}

/**
 * ListDevices, all pages. Cognito lists remembered devices only.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html
 */
export async function listDevices(kit: ActorKit): Promise<ListedDevice[]> {
  const session = await kit.signedIn()
  const found = await kit.devices.find(session.userId)
  const currentKey = found.record?.deviceKey ?? session.deviceKey
  const devices: ListedDevice[] = []
  let token: string | undefined
  for (let page = 0; page < 50; page++) {
    const out = await kit.call('ListDevices', {
      AccessToken: session.tokens.accessToken,
      Limit: 60,
      ...(token ? { PaginationToken: token } : {}),
    })
    for (const d of out.Devices ?? []) {
      if (!d.DeviceKey) continue
      const attr = (name: string) => d.DeviceAttributes?.find((a) => a.Name === name)?.Value ?? null
      const status = attr('dev:device_remembered_status')
      devices.push({
        deviceKey: d.DeviceKey,
        name: attr('device_name'),
        status: status === 'remembered' || status === 'not_remembered' ? status : null,
        lastAuthenticatedAt: typeof d.DeviceLastAuthenticatedDate === 'number' ? Math.round(d.DeviceLastAuthenticatedDate * 1000) : null,
        createdAt: typeof d.DeviceCreateDate === 'number' ? Math.round(d.DeviceCreateDate * 1000) : null,
        current: d.DeviceKey === currentKey,
      })
    }
    token = out.PaginationToken
    if (!token) break
  }
  return devices
}
