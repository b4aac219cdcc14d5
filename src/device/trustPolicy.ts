import { AuthError } from '../errors'
import type { DeviceRecord } from './DeviceRecord'

const DAY_MS = 86_400_000

/**
 * How long a remembered device may skip MFA. Each trust period belongs to one device key and starts when
 * Cognito creates that key (the sign-in that passed MFA on a new device): after `days`, the client signs
 * in as a new device (MFA, a new key, the question again) and the pool-wide sweep, given the same days,
 * marks the old key not remembered by its `DeviceCreateDate`.
 */
export interface TrustPolicy {
  /** Days a device stays trusted after the sign-in that created its key, e.g. 30, 60, 90. */
  days: number
  /**
   * Optional: a custom user attribute (e.g. `custom:trusted_devices`) where the client also writes each
   * remembered device's deadline (a map of device key to epoch seconds), so that the sweep can end a
   * period sooner than the days say. It can only shorten a deadline: the user can write it (with their
   * own tokens), so the sweep never trusts it to lengthen one. It must exist in the pool's schema, and
   * the app client needs read and write permission for it.
   */
  attribute?: string
}

/**
 * How much earlier than the pool-wide sweep the client ends a device's trust. The client judges by its
 * own clock from the moment it received the tokens that created the device; the sweep judges by
 * Cognito's `DeviceCreateDate`, a moment earlier, on Cognito's clock. An hour covers the round trip and
 * an hour of drift of the device's clock over the trust period, so the client always starts the new
 * trust period before the sweep could end the old one (and never asks for MFA because of the sweep).
 */
export const TRUST_MARGIN_MS = 3_600_000

/**
 * When a device's trust period ends for the client: its confirmation time plus the policy's days, less
 * {@link TRUST_MARGIN_MS}; `null` (never) without a policy. Remembering the device later does not move
 * it: each trust period begins with a new device key.
 *
 * @param confirmedAt - when the device was confirmed (its record's `confirmedAt`), epoch milliseconds
 * @param policy - the trust policy, if any
 */
export function trustDeadline(confirmedAt: number, policy: TrustPolicy | undefined): number | null {
  return policy ? confirmedAt + policy.days * DAY_MS - TRUST_MARGIN_MS : null
}

/**
 * True when a device's trust period is over at `now`, whatever its status: the client then never
 * presents that key again, and signs in as a new device (MFA, a new key, the question again).
 *
 * @param record - the device's confirmation time
 * @param now - the current time, epoch milliseconds
 * @param policy - the trust policy, if any (without one, trust never ends)
 */
export function isTrustExpired(record: Pick<DeviceRecord, 'confirmedAt'>, now: number, policy: TrustPolicy | undefined): boolean {
  const deadline = trustDeadline(record.confirmedAt, policy)
  return deadline !== null && deadline <= now
}

/**
 * The record as the client shows and schedules it: `trustedUntil` is the deadline of its trust period
 * when it is remembered, `null` otherwise (a record written by an older release, which counted from the
 * moment the user said yes, is read by the same rule).
 *
 * @param record - a stored record
 * @param policy - the trust policy, if any
 */
export function withTrustDeadline<R extends Pick<DeviceRecord, 'status' | 'confirmedAt' | 'trustedUntil'>>(
  record: R,
  policy: TrustPolicy | undefined,
): R {
  const trustedUntil = record.status === 'remembered' ? trustDeadline(record.confirmedAt, policy) : null
  return record.trustedUntil === trustedUntil ? record : { ...record, trustedUntil }
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
