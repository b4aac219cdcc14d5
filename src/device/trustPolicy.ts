import { AuthError } from '../errors'
import type { DeviceRecord } from './DeviceRecord'

const DAY_MS = 86_400_000

/** How long a remembered device may skip MFA, and where else its deadline is kept. */
export interface TrustPolicy {
  /** Days a device stays trusted after the user says "remember this device", e.g. 30, 60, 90. */
  days: number
  /**
   * A custom user attribute (e.g. `custom:trusted_devices`) that keeps a compact map of device key to
   * expiry (epoch seconds), for the server-side sweep. It must exist in the pool's schema.
   */
  attribute?: string
}

/** The deadline of a device remembered at `now`; `null` (no deadline) when there is no policy. */
export function trustedUntilFrom(now: number, policy: TrustPolicy | undefined): number | null {
  if (!policy) return null
  return now + policy.days * DAY_MS
}

/** True when a remembered device's deadline has passed at `now`. */
export function isTrustExpired(record: Pick<DeviceRecord, 'status' | 'trustedUntil'>, now: number): boolean {
  return record.status === 'remembered' && record.trustedUntil !== null && record.trustedUntil <= now
}

/** True when the device is remembered and within its deadline (or has none). */
export function isTrusted(record: Pick<DeviceRecord, 'status' | 'trustedUntil'>, now: number): boolean {
  return record.status === 'remembered' && !isTrustExpired(record, now)
}

/** Throws `INVALID_INPUT` unless `policy.days` is a positive finite number and `policy.attribute`, if any, a custom attribute. */
export function validateTrustPolicy(policy: TrustPolicy | undefined): void {
  if (
    policy &&
    !(policy.days > 0 && Number.isFinite(policy.days) && (policy.attribute === undefined || /^custom:\w{1,20}$/.test(policy.attribute)))
  ) {
    throw new AuthError('INVALID_INPUT', 'trust must be { days: a positive number, attribute?: "custom:<name>" }')
  }
}
