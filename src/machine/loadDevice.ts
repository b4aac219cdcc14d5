import { summarizeDevice, type DeviceSummary } from '../device/DeviceRecord'
import { isTrustExpired, withTrustDeadline } from '../device/trustPolicy'
import type { ActorKit } from './AuthDeps'

/** What `loadDevice` found before InitiateAuth: the `loaded` part of the `startAuth` actor's output. */
export interface LoadDeviceOutput {
  /** The user's internal id, when the typed name is indexed. */
  userId: string | null
  /** The device to present, or null. */
  device: DeviceSummary | null
  /** A device whose trust expired: not presented; forgotten after sign-in. */
  expired: { userId: string; deviceKey: string } | null
  /** Why a stored record was dropped, when one was. */
  dropped: string | null
}

/** Finds this user's device record before InitiateAuth and applies the trust deadline (the start of `startAuth`). */
export async function loadDevice(kit: ActorKit, input: { username: string }): Promise<LoadDeviceOutput> {
  const found = await kit.devices.find(input.username)
  const record = found.record
  const expired = record !== null && isTrustExpired(record, kit.now(), kit.trust)
  return {
    userId: record?.userId ?? found.userId,
    device: record && !expired ? summarizeDevice(withTrustDeadline(record, kit.trust)) : null,
    expired: expired ? { userId: record.userId, deviceKey: record.deviceKey } : null,
    dropped: found.dropped ?? null,
  }
}
