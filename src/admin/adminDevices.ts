import {
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import type { RetryOptions } from '../cognito/withRetry'
import { adminClient, type AdminConnection } from './adminClient'
import { parseAdminDevice, type AdminDevice } from './AdminDevice'
import { adminSend, type CallCounter } from './adminSend'

/** Which user's devices, and how to reach the pool. */
export interface AdminUserInput extends AdminConnection {
  /** The user pool id, e.g. `eu-west-1_AbCdEf123`. */
  userPoolId: string
  /** The user's username (or an alias Cognito accepts for Admin* calls, or the `sub`). */
  username: string
  /** Retry of throttling, 5xx and network failures; default 3 attempts from 100 ms. */
  retry?: RetryOptions
  /** Counts the requests made, retries included (for reports and benchmarks). */
  counter?: CallCounter
}

/** Input of {@link adminGetDevice}, {@link adminForgetDevice} and {@link adminUpdateDeviceStatus}. */
export interface AdminDeviceInput extends AdminUserInput {
  /** The device key. */
  deviceKey: string
}

/**
 * Every device of a user, remembered or not, following AdminListDevices' pages (60 a page) to the end.
 *
 * @param input - pool, user and connection
 * @throws {@link AuthError} e.g. `USER_NOT_FOUND`, `NOT_AUTHORIZED`, or `TOO_MANY_REQUESTS` once retries run out
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListDevices.html
 * @example
 * ```ts
 * import { adminListDevices } from 'cognito-auth-machine/admin'
 *
 * const devices = await adminListDevices({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', region: 'eu-west-1' })
 * const remembered = devices.filter((d) => d.rememberedStatus === 'remembered')
 * ```
 */
export async function adminListDevices(input: AdminUserInput): Promise<AdminDevice[]> {
  const client = adminClient(input)
  const devices: AdminDevice[] = []
  let token: string | undefined
  do {
    const request = { UserPoolId: input.userPoolId, Username: input.username, Limit: 60, PaginationToken: token }
    const page = await adminSend('AdminListDevices', () => client.send(new AdminListDevicesCommand(request)), input.retry, input.counter)
    for (const device of page.Devices ?? []) devices.push(parseAdminDevice(device))
    token = page.PaginationToken || undefined
  } while (token)
  return devices
}

/**
 * One device of a user, in any state (a `not_remembered` device too, which the user's own GetDevice hides).
 *
 * @param input - pool, user, device key and connection
 * @throws {@link AuthError} `RESOURCE_NOT_FOUND` / `STALE_DEVICE` when there is no such device
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminGetDevice.html
 * @example
 * ```ts
 * import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
 * import { adminGetDevice } from 'cognito-auth-machine/admin'
 *
 * const client = new CognitoIdentityProviderClient({ region: 'eu-west-1' }) // credentials from the default chain
 * const deviceKey = 'eu-west-1_0c5a7e2d-8f41-4c1b-9a53-7d2f1e6b4c90'
 * const device = await adminGetDevice({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', deviceKey, client })
 * console.log(device.name, device.rememberedStatus, device.lastAuthenticatedAt)
 * ```
 */
export async function adminGetDevice(input: AdminDeviceInput): Promise<AdminDevice> {
  const client = adminClient(input)
  const request = { UserPoolId: input.userPoolId, Username: input.username, DeviceKey: input.deviceKey }
  const out = await adminSend('AdminGetDevice', () => client.send(new AdminGetDeviceCommand(request)), input.retry, input.counter)
  return parseAdminDevice(out.Device ?? { DeviceKey: input.deviceKey })
}

/**
 * Sets whether a device is remembered. `not_remembered` keeps the device tracked but ends its MFA bypass:
 * the next sign-in from it asks for MFA.
 *
 * @param input - pool, user, device key, connection and the new status
 * @throws {@link AuthError} `RESOURCE_NOT_FOUND` / `STALE_DEVICE` when there is no such device
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateDeviceStatus.html
 * @example
 * ```ts
 * import { adminUpdateDeviceStatus } from 'cognito-auth-machine/admin'
 *
 * const deviceKey = 'eu-west-1_0c5a7e2d-8f41-4c1b-9a53-7d2f1e6b4c90'
 * await adminUpdateDeviceStatus({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', deviceKey, status: 'not_remembered', region: 'eu-west-1' })
 * ```
 */
export async function adminUpdateDeviceStatus(input: AdminDeviceInput & { status: 'remembered' | 'not_remembered' }): Promise<void> {
  const client = adminClient(input)
  const request = {
    UserPoolId: input.userPoolId,
    Username: input.username,
    DeviceKey: input.deviceKey,
    DeviceRememberedStatus: input.status,
  }
  await adminSend('AdminUpdateDeviceStatus', () => client.send(new AdminUpdateDeviceStatusCommand(request)), input.retry, input.counter)
}

/**
 * Forgets a device: it is gone from the user's devices, its refresh tokens stop working, and its key can
 * never sign in again.
 *
 * @param input - pool, user, device key and connection
 * @throws {@link AuthError} `RESOURCE_NOT_FOUND` / `STALE_DEVICE` when there is no such device
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminForgetDevice.html
 * @example
 * ```ts
 * import { adminForgetDevice } from 'cognito-auth-machine/admin'
 *
 * const deviceKey = 'eu-west-1_0c5a7e2d-8f41-4c1b-9a53-7d2f1e6b4c90'
 * await adminForgetDevice({ userPoolId: 'eu-west-1_AbCdEf123', username: 'alice', deviceKey, region: 'eu-west-1' })
 * ```
 */
export async function adminForgetDevice(input: AdminDeviceInput): Promise<void> {
  const client = adminClient(input)
  const request = { UserPoolId: input.userPoolId, Username: input.username, DeviceKey: input.deviceKey }
  await adminSend('AdminForgetDevice', () => client.send(new AdminForgetDeviceCommand(request)), input.retry, input.counter)
}
