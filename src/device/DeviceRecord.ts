/** Whether Cognito remembers the device (so it may skip MFA). */
export type DeviceStatus = 'remembered' | 'not_remembered'

/**
 * What the client keeps about this browser or process as a Cognito device, per user pool, app client
 * and user (`USER_ID_FOR_SRP`). It holds the device secret, so it lives only in {@link AuthStorage}.
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

/**
 * Reads a stored record strictly: every field must be present with its type and the user id must be
 * the expected one; anything else (corrupt JSON, an older shape, a foreign user) is rejected whole,
 * never half-used.
 *
 * @param text - the stored string
 * @param userId - the `USER_ID_FOR_SRP` the record must belong to
 */
export function parseDeviceRecord(text: string, userId: string): ParsedDeviceRecord {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not an object' }
  const r = value as Record<string, unknown>
  if (r.version !== 1) return { ok: false, reason: `unknown version ${String(r.version)}` }
  const text_ = (name: string) => typeof r[name] === 'string' && (r[name] as string) !== ''
  for (const field of ['userId', 'deviceKey', 'deviceGroupKey', 'devicePassword']) {
    if (!text_(field)) return { ok: false, reason: `missing ${field}` }
  }
  if (r.userId !== userId) return { ok: false, reason: 'record of another user' }
  if (!KEY.test(r.deviceKey as string)) return { ok: false, reason: 'malformed deviceKey' }
  if (r.status !== 'remembered' && r.status !== 'not_remembered') return { ok: false, reason: 'bad status' }
  if (typeof r.confirmedAt !== 'number' || !Number.isFinite(r.confirmedAt)) return { ok: false, reason: 'bad confirmedAt' }
  if (r.trustedUntil !== null && (typeof r.trustedUntil !== 'number' || !Number.isFinite(r.trustedUntil))) {
    return { ok: false, reason: 'bad trustedUntil' }
  }
  const extra = Object.keys(r).filter((k) => !FIELDS.has(k))
  if (extra.length > 0) return { ok: false, reason: `unknown fields ${extra.join(', ')}` }
  return {
    ok: true,
    record: {
      version: 1,
      userId: r.userId as string,
      deviceKey: r.deviceKey as string,
      deviceGroupKey: r.deviceGroupKey as string,
      devicePassword: r.devicePassword as string,
      status: r.status,
      confirmedAt: r.confirmedAt,
      trustedUntil: r.trustedUntil as number | null,
    },
  }
}

const FIELDS = new Set(['version', 'userId', 'deviceKey', 'deviceGroupKey', 'devicePassword', 'status', 'confirmedAt', 'trustedUntil'])

/** The record without its secret and group key. */
export function summarizeDevice(record: DeviceRecord): DeviceSummary {
  return {
    userId: record.userId,
    deviceKey: record.deviceKey,
    status: record.status,
    confirmedAt: record.confirmedAt,
    trustedUntil: record.trustedUntil,
  }
}
