import { isObject, parseJson } from '../json'

/** Whether Cognito remembers the device (so it may skip MFA). */
export type DeviceStatus = 'remembered' | 'not_remembered'

/**
 * What the client keeps about this browser or process as a Cognito device, per user pool, app client
 * and user (`USER_ID_FOR_SRP`). It holds the device secret, so it lives only in the `AuthStorage`.
 */
export interface DeviceRecord {
  /** Format version of the stored JSON. */
  version: 1
  /** `USER_ID_FOR_SRP`: the user's internal name (the `sub` for alias sign-in). */
  userId: string
  /** `NewDeviceMetadata.DeviceKey`. */
  deviceKey: string
  /** `NewDeviceMetadata.DeviceGroupKey`. */
  deviceGroupKey: string
  /** The device's random password; never leaves storage except into the SRP engine. */
  devicePassword: string
  /** What Cognito was last told. */
  status: DeviceStatus
  /** When ConfirmDevice succeeded, epoch milliseconds. */
  confirmedAt: number
  /** Until when the device may skip MFA, epoch milliseconds; `null` when it is not trusted. */
  trustedUntil: number | null
}

/** A device record without its secret: what context, views and logs may hold. */
export type DeviceSummary = Omit<DeviceRecord, 'devicePassword' | 'version' | 'deviceGroupKey'>

/** The outcome of {@link parseDeviceRecord}: a whole record, or why there is none. */
export type ParsedDeviceRecord = { ok: true; record: DeviceRecord } | { ok: false; reason: string }

const KEY = /^[\w-]+_[0-9a-f-]+$/i

const text = (v: unknown): v is string => typeof v === 'string' && v !== ''
const time = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Every field of a stored record and its check; `userId` must be the expected user. */
const FIELDS: { [K in keyof DeviceRecord]: (value: unknown, userId: string) => boolean } = {
  version: (v) => v === 1,
  userId: (v, userId) => v === userId,
  deviceKey: (v) => text(v) && KEY.test(v),
  deviceGroupKey: text,
  devicePassword: text,
  status: (v) => v === 'remembered' || v === 'not_remembered',
  confirmedAt: time,
  trustedUntil: (v) => v === null || time(v),
}

/**
 * Reads a stored record strictly: every field must be present with its type and the user id must be
 * the expected one; anything else (corrupt JSON, an older shape, a foreign user, extra fields) is
 * rejected whole, never half-used.
 *
 * @param stored - the stored string
 * @param userId - the `USER_ID_FOR_SRP` the record must belong to
 */
export function parseDeviceRecord(stored: string, userId: string): ParsedDeviceRecord {
  const r = parseJson(stored)
  if (!isObject(r)) return { ok: false, reason: 'not a JSON object' }
  for (const [field, check] of Object.entries(FIELDS)) {
    if (!check(r[field], userId)) return { ok: false, reason: `bad ${field}` }
  }
  const extra = Object.keys(r).filter((k) => !Object.hasOwn(FIELDS, k))
  if (extra.length > 0) return { ok: false, reason: `unknown fields ${extra.join(', ')}` }
  return { ok: true, record: r as unknown as DeviceRecord }
}

/** The record without its secret and group key. */
export function summarizeDevice(record: DeviceRecord): DeviceSummary {
  // named field by field, so a field added to the record later never reaches context or views by default
  return {
    userId: record.userId,
    deviceKey: record.deviceKey,
    status: record.status,
    confirmedAt: record.confirmedAt,
    trustedUntil: record.trustedUntil,
  }
}
