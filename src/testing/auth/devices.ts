import { errors, MESSAGES } from '../errors'
import type { LocalState } from '../store/LocalState'
import type { Device, User, UserPool } from '../store/types'

/** The user's device of that key if ConfirmDevice completed for it; else undefined. @internal */
export function confirmedDevice(user: User, key: string): Device | undefined {
  const device = user.devices.get(key)
  return device?.confirmed ? device : undefined
}

/**
 * Takes a DEVICE_KEY presented at a sign-in step: with tracking on it must be a confirmed device of
 * this user, else `ResourceNotFoundException: Device does not exist.`; with tracking off it is ignored
 * (or refused, per the `devices.keyWhenTrackingOff` option). @internal
 */
export function acceptDeviceKey(state: LocalState, pool: UserPool, user: User, key: string): string | undefined {
  if (!pool.device) {
    if (state.options.devices.keyWhenTrackingOff === 'not-found') throw errors.resourceNotFound(MESSAGES.deviceMissing)
    return undefined
  }
  if (!confirmedDevice(user, key)) throw errors.resourceNotFound(MESSAGES.deviceMissing)
  return key
}

/** The device a sign-in goes on with, or undefined to sign in as a new device. @internal */
export function signInDevice(state: LocalState, pool: UserPool, user: User, key: string | undefined): Device | undefined {
  if (!pool.device || key === undefined) return undefined
  const device = confirmedDevice(user, key)
  if (!device) throw errors.resourceNotFound(MESSAGES.deviceMissing)
  if (device.status === 'not_remembered' && state.options.devices.notRememberedKey === 'new-device') return undefined
  return device
}
