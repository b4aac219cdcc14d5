import { summarizeDevice, type DeviceRecord, type DeviceSummary } from '../device/DeviceRecord'
import { trustedUntilFrom, updateTrustAttribute } from '../device/trustPolicy'
import { AuthError, toAuthError } from '../errors'
import { createDeviceVerifier } from '../srp/index'
import type { ActorKit } from './AuthDeps'
import { jwtClaims } from './jwtClaims'
import type { StoredSession } from './sessionStore'
import type { ListedDevice } from './types'

async function signedInSession(kit: ActorKit): Promise<StoredSession> {
  const session = await kit.sessions.load()
  if (!session) throw new AuthError('NOT_SIGNED_IN', 'no signed-in session in storage')
  return session
}

/** Input of the `confirmDevice` actor. */
export interface ConfirmDeviceInput {
  /** What the user typed (indexed as an alias of the record). */
  username: string
  /** The user's internal id. */
  userId: string
  /** NewDeviceMetadata. */
  newDevice: { deviceKey: string; deviceGroupKey: string }
}

/** Output of the `confirmDevice` actor. */
export interface ConfirmDeviceOutput {
  /** True for opt-in pools: ask the user, then UpdateDeviceStatus. */
  userConfirmationNecessary: boolean
  /** The stored device. */
  device: DeviceSummary
}

/**
 * A new device: make its secret and verifier, ConfirmDevice, store the record (the secret stays in
 * storage). Pools that always remember mark it remembered at once, with a trust deadline.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ConfirmDevice.html
 */
export async function confirmDevice(kit: ActorKit, input: ConfirmDeviceInput): Promise<ConfirmDeviceOutput> {
  const session = await signedInSession(kit)
  const verifier = await createDeviceVerifier(input.newDevice)
  const out = await kit.call('ConfirmDevice', {
    AccessToken: session.tokens.accessToken,
    DeviceKey: input.newDevice.deviceKey,
    DeviceSecretVerifierConfig: { PasswordVerifier: verifier.passwordVerifier, Salt: verifier.salt },
    DeviceName: kit.deviceName,
  })
  const necessary = out.UserConfirmationNecessary === true
  const now = kit.now()
  const record: DeviceRecord = {
    version: 1,
    userId: input.userId,
    deviceKey: input.newDevice.deviceKey,
    deviceGroupKey: input.newDevice.deviceGroupKey,
    devicePassword: verifier.devicePassword,
    status: necessary ? 'not_remembered' : 'remembered',
    confirmedAt: now,
    trustedUntil: necessary ? null : trustedUntilFrom(now, kit.trust),
  }
  await kit.devices.save(record, [input.username, input.userId])
  if (!necessary) await writeTrustAttribute(kit, session, record.deviceKey, record.trustedUntil)
  return { userConfirmationNecessary: necessary, device: summarizeDevice(record) }
}

/** Input of the `setDeviceStatus` actor. */
export interface SetDeviceStatusInput {
  /** The user's internal id. */
  userId: string
  /** The device. */
  deviceKey: string
  /** Remember it (trusted until now + trust.days) or not. */
  remember: boolean
}

/**
 * UpdateDeviceStatus with the user's answer (or `not_remembered` when trust expires), then the local
 * record and, when configured, the trust attribute.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateDeviceStatus.html
 */
export async function setDeviceStatus(kit: ActorKit, input: SetDeviceStatusInput): Promise<DeviceSummary> {
  const session = await signedInSession(kit)
  const status = input.remember ? 'remembered' : 'not_remembered'
  await kit.presenting({ userId: input.userId, deviceKey: input.deviceKey }, () =>
    kit.call('UpdateDeviceStatus', { AccessToken: session.tokens.accessToken, DeviceKey: input.deviceKey, DeviceRememberedStatus: status }),
  )
  const now = kit.now()
  const trustedUntil = input.remember ? trustedUntilFrom(now, kit.trust) : null
  const found = await kit.devices.find(input.userId)
  let summary: DeviceSummary = { userId: input.userId, deviceKey: input.deviceKey, status, confirmedAt: now, trustedUntil }
  if (found.record && found.record.deviceKey === input.deviceKey) {
    const record: DeviceRecord = { ...found.record, status, trustedUntil }
    await kit.devices.save(record, [session.username])
    summary = summarizeDevice(record)
  }
  await writeTrustAttribute(kit, session, input.deviceKey, trustedUntil)
  return summary
}

async function writeTrustAttribute(kit: ActorKit, session: StoredSession, deviceKey: string, until: number | null): Promise<void> {
  const name = kit.trust?.attribute
  if (!name) return
  const claim = jwtClaims(session.tokens.idToken)[name]
  const current = session.trustAttribute ?? (typeof claim === 'string' ? claim : undefined)
  const value = updateTrustAttribute(current, deviceKey, until)
  await kit.call('UpdateUserAttributes', { AccessToken: session.tokens.accessToken, UserAttributes: [{ Name: name, Value: value }] })
  await kit.sessions.save({ ...session, trustAttribute: value })
}

/**
 * ForgetDevice for a device whose trust expired before this sign-in, so its secret can never skip MFA
 * again. A device Cognito no longer knows counts as forgotten.
 */
export async function forgetExpiredDevice(kit: ActorKit, input: { deviceKey: string }): Promise<void> {
  const session = await signedInSession(kit)
  try {
    await kit.call('ForgetDevice', { AccessToken: session.tokens.accessToken, DeviceKey: input.deviceKey })
  } catch (thrown) {
    const error = toAuthError(thrown)
    if (error.code !== 'STALE_DEVICE' && error.code !== 'RESOURCE_NOT_FOUND') throw error
  }
  await writeTrustAttribute(kit, session, input.deviceKey, null)
}

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
  const session = await signedInSession(kit)
  const found = await kit.devices.find(session.userId)
  const currentKey = found.record?.deviceKey ?? session.deviceKey
  const deviceKey = input.deviceKey ?? currentKey
  if (!deviceKey) throw new AuthError('INVALID_INPUT', 'this client has no device to forget')
  await kit.call('ForgetDevice', { AccessToken: session.tokens.accessToken, DeviceKey: deviceKey })
  const current = deviceKey === currentKey
  if (current) await kit.devices.remove(session.userId, deviceKey)
  await writeTrustAttribute(kit, session, deviceKey, null)
  return { deviceKey, current }
}

/**
 * ListDevices, all pages. Cognito lists remembered devices only.
 *
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ListDevices.html
 */
export async function listDevices(kit: ActorKit): Promise<ListedDevice[]> {
  const session = await signedInSession(kit)
  const found = await kit.devices.find(session.userId)
  const currentKey = found.record?.deviceKey ?? session.deviceKey
  const devices: ListedDevice[] = []
  let token: string | undefined
  for (let page = 0; page < 50; page++) {
    const out = await kit.call('ListDevices', { AccessToken: session.tokens.accessToken, Limit: 60, ...(token ? { PaginationToken: token } : {}) })
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
