import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider'

/** A device as the admin helpers return it: Cognito's `DeviceType` with its attributes read into fields. */
export interface AdminDevice {
  /** The device key, e.g. `us-east-1_0c5a…`. */
  deviceKey: string
  /** `device_name`: the name given at ConfirmDevice. */
  name: string | undefined
  /** `dev:device_remembered_status`; `undefined` when Cognito did not say. */
  rememberedStatus: 'remembered' | 'not_remembered' | undefined
  /** `last_ip_used`. */
  lastIp: string | undefined
  /** `DeviceCreateDate`. */
  createdAt: Date | undefined
  /** `DeviceLastModifiedDate`. */
  lastModifiedAt: Date | undefined
  /** `DeviceLastAuthenticatedDate`: the last sign-in with this device. */
  lastAuthenticatedAt: Date | undefined
  /** Every attribute by name, as Cognito sent it (`device_status`, `dev:device_arn`, `dev:device_sdk`…). */
  attributes: Readonly<Record<string, string>>
}

/** A date from the SDK (a `Date`, or epoch seconds from a hand-built object). */
function toDate(value: Date | number | undefined): Date | undefined {
  if (value === undefined) return undefined
  const date = typeof value === 'number' ? new Date(value * 1000) : value
  return Number.isNaN(date.getTime()) ? undefined : date
}

/**
 * Reads a Cognito `DeviceType` into an {@link AdminDevice}. An unknown remembered status reads as
 * `undefined`, never as one of the two known values.
 *
 * @param device - a device from AdminListDevices or AdminGetDevice
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DeviceType.html
 * @example
 * ```ts
 * import { parseAdminDevice } from 'cognito-auth-machine/admin'
 *
 * const device = parseAdminDevice({ DeviceKey: 'dk', DeviceAttributes: [{ Name: 'dev:device_remembered_status', Value: 'remembered' }] })
 * device.rememberedStatus // 'remembered'
 * ```
 */
export function parseAdminDevice(device: DeviceType): AdminDevice {
  const attributes: Record<string, string> = {}
  for (const { Name, Value } of device.DeviceAttributes ?? []) if (Name !== undefined && Value !== undefined) attributes[Name] = Value
  const status = attributes['dev:device_remembered_status']
  return {
    deviceKey: device.DeviceKey ?? '',
    name: attributes.device_name,
    rememberedStatus: status === 'remembered' || status === 'not_remembered' ? status : undefined,
    lastIp: attributes.last_ip_used,
    createdAt: toDate(device.DeviceCreateDate),
    lastModifiedAt: toDate(device.DeviceLastModifiedDate),
    lastAuthenticatedAt: toDate(device.DeviceLastAuthenticatedDate),
    attributes,
  }
}
