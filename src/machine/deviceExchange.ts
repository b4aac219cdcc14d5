import { summarizeDevice, type DeviceRecord, type DeviceSummary } from '../device/DeviceRecord'
import { trustDeadline, withTrustDeadline } from '../device/trustPolicy'
import { createDeviceVerifier } from '../srp/deviceVerifier'
import { defaultDeviceName } from '../device/deviceName'
import type { ActorKit } from './AuthDeps'
import { own, unexpected } from './checks'

/** Input of the `confirmDevice` actor. */
export interface ConfirmDeviceInput {
  /** What the user typed (indexed as an alias of the record). */
  username: string
  /** The user's internal id. */
  userId: string
  /** NewDeviceMetadata. */
  newDevice: { deviceKey: string; deviceGroupKey: string } | null
}

/** Output of the `confirmDevice` actor. */
export interface ConfirmDeviceOutput {
  /** True for opt-in pools: ask the user, then UpdateDeviceStatus. */
  userConfirmationNecessary: boolean
  /** The stored device. */
  device: DeviceSummary
}

/*
 * What follows authentication on a device: confirm a new device (and name it), and set whether it is
 * remembered. Loaded when Cognito first issues a new device or the user answers the remember prompt (see
 * `later` in authActors.ts): a sign-in on a remembered device never loads it.
 */

/**
 * A new device: make its secret and verifier, ConfirmDevice, store the record (the secret stays in
 * storage). Pools that always remember mark it remembered at once, with a trust deadline.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html
 */
export async function confirmDevice(kit: ActorKit, input: ConfirmDeviceInput): Promise<ConfirmDeviceOutput> {
  const newDevice = input.newDevice
  if (!newDevice) throw unexpected('NewDeviceMetadata')
  const session = await kit.signedIn(input.userId)
  const verifier = await createDeviceVerifier(newDevice)
  const out = await kit.call('ConfirmDevice', {
    AccessToken: session.tokens.accessToken,
    DeviceKey: newDevice.deviceKey,
    DeviceSecretVerifierConfig: { PasswordVerifier: verifier.passwordVerifier, Salt: verifier.salt },
    DeviceName: kit.deviceName ?? defaultDeviceName(),
  })
  const necessary = own(out, 'UserConfirmationNecessary') ?? false
  if (typeof necessary !== 'boolean') throw unexpected('UserConfirmationNecessary')
  // the trust period starts when Cognito created the key: with the tokens that carried it
  const confirmedAt = session.issuedAt
  const record: DeviceRecord = {
    version: 1,
    userId: input.userId,
    deviceKey: newDevice.deviceKey,
    deviceGroupKey: newDevice.deviceGroupKey,
    devicePassword: verifier.devicePassword,
    status: necessary ? 'not_remembered' : 'remembered',
    confirmedAt,
    trustedUntil: necessary ? null : trustDeadline(confirmedAt, kit.trust),
  }
  await kit.devices.save(record, [input.username, input.userId])
  if (!necessary) await kit.recordTrust(session, record.deviceKey, record.trustedUntil)
  return { userConfirmationNecessary: necessary, device: summarizeDevice(record) }
}

/** Input of the `setDeviceStatus` actor. */
export interface SetDeviceStatusInput {
  /** The user's internal id. */
  userId: string
  /** The device. */
  deviceKey: string
  /** When it was confirmed (its trust period's start), for when its record is no longer in storage. */
  confirmedAt: number
  /** Remember it (until the end of its trust period, which this does not move) or not. */
  remember: boolean
}

/**
 * Whether Cognito still holds this device remembered (GetDevice), asked when it wanted MFA although the
 * key was presented: an admin (or the sweep) un-remembered it, and the user is asked again; or threat
 * protection judged the sign-in risky, the device stays remembered, and nobody is asked. Any failure
 * answers false: the user is asked, as before this check.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetDevice.html
 */
export async function isRemembered(kit: ActorKit, input: { userId: string; deviceKey: string }): Promise<boolean> {
  try {
    const session = await kit.signedIn(input.userId)
    const out = await kit.call('GetDevice', { AccessToken: session.tokens.accessToken, DeviceKey: input.deviceKey })
    const attributes = own(own(out, 'Device'), 'DeviceAttributes')
    return (
      Array.isArray(attributes) &&
      attributes.some((a) => own(a, 'Name') === 'dev:device_remembered_status' && own(a, 'Value') === 'remembered')
    )
  } catch {
    return false
  }
}

/**
 * UpdateDeviceStatus with the user's answer (or `not_remembered` when trust expires), then the local
 * record and, when configured, the trust attribute.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html
 */
export async function setDeviceStatus(kit: ActorKit, input: SetDeviceStatusInput): Promise<DeviceSummary> {
  const session = await kit.signedIn(input.userId)
  const status = input.remember ? 'remembered' : 'not_remembered'
  await kit.presenting({ userId: input.userId, deviceKey: input.deviceKey }, () =>
    kit.call('UpdateDeviceStatus', { AccessToken: session.tokens.accessToken, DeviceKey: input.deviceKey, DeviceRememberedStatus: status }),
  )
  const found = await kit.devices.find(input.userId)
  const stored = found.record?.deviceKey === input.deviceKey ? found.record : null
  const confirmedAt = stored?.confirmedAt ?? input.confirmedAt
  const summary = withTrustDeadline(
    { userId: input.userId, deviceKey: input.deviceKey, status, confirmedAt, trustedUntil: null },
    kit.trust,
  )
  if (stored) await kit.devices.save({ ...stored, status, trustedUntil: summary.trustedUntil }, [session.username])
  await kit.recordTrust(session, input.deviceKey, summary.trustedUntil)
  return summary
}
