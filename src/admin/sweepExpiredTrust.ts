import type { RetryOptions } from '../cognito/withRetry'
import { toAuthError, type AuthError } from '../errors'
import { adminClient, type AdminConnection } from './adminClient'
import type { CallCounter } from './adminSend'
import { listPoolUsers, type PoolUser } from './listPoolUsers'
import { sweepUser, type SweepContext, type SweptUser } from './sweepUser'

export type { SweptUser } from './sweepUser'

/** Options of {@link sweepExpiredTrust}. */
export interface SweepOptions extends AdminConnection {
  /** The user pool id, e.g. `eu-west-1_AbCdEf123`. */
  userPoolId: string
  /** The trust period in days: the clients' `trust.days`. A remembered device created longer ago than this is marked `not_remembered`. */
  days: number
  /**
   * The custom attribute the clients write their deadlines into (their `trust.attribute`), e.g.
   * `custom:trusted_devices`. Optional: an entry there can only end a device's trust sooner than its
   * date says, never later, and the sweep removes entries that no longer stand for a trusted device.
   */
  attribute?: string
  /** The time to judge expiry by: a `Date` or epoch milliseconds. Default: now. */
  now?: Date | number
  /** Report what would change, change nothing. Default `false`. */
  dryRun?: boolean
  /** Users handled at once. Default 4; keep it low enough for the pool's Admin* request quotas. */
  concurrency?: number
  /** Backoff for throttling, 5xx and network failures. Default 6 attempts from 200 ms, at most 10 s apart. */
  retry?: RetryOptions
  /** Called after each user the sweep changed something for, or failed on (for logs or progress). */
  onUser?: (user: SweptUser) => void
}

/** Something the sweep could not do; the next run tries it again. */
export interface SweepError {
  /** The user, or `undefined` when listing the pool failed. */
  username: string | undefined
  /** The device, when the failure concerned one. */
  deviceKey?: string
  /** What went wrong. */
  error: AuthError
}

/** What {@link sweepExpiredTrust} did. */
export interface SweepReport {
  /** Users read from the pool. */
  usersScanned: number
  /** Devices marked `not_remembered` (in a dry run: that would have been). */
  devicesExpired: number
  /** Trust-map entries removed (in a dry run: that would have been). */
  entriesPruned: number
  /** What failed, user by user. */
  errors: SweepError[]
  /** Requests sent to Cognito, retries included. */
  calls: number
  /** Whether this was a dry run. */
  dryRun: boolean
  /** `false` when listing the pool's users failed part-way: run again to finish. */
  complete: boolean
}

/** The sweep's retry when none is given (also the CLI's, with its `--max-attempts`). @internal */
export const DEFAULT_RETRY = { attempts: 6, baseDelayMs: 200, maxDelayMs: 10_000 } satisfies RetryOptions

/**
 * Enforces device-trust expiry for a whole user pool. A client alone cannot: Cognito lets a remembered
 * device skip MFA for as long as it stays remembered, whatever the app decided, and a client that never
 * comes back (or a copied device secret) never acts on its own deadline. Run this daily.
 *
 * Walks every user (ListUsers, all pages) and lists their devices (AdminListDevices). A remembered
 * device whose `DeviceCreateDate` is `days` or more ago is marked `not_remembered`
 * (AdminUpdateDeviceStatus): its next sign-in asks for MFA, and the client, which ended that trust
 * period an hour earlier by its own clock, has already moved to a new device key. Cognito's dates
 * decide; nothing a user can write lengthens a period. With `attribute`, an earlier deadline written
 * there ends a period sooner, and entries that no longer stand for a trusted device are removed.
 *
 * - Idempotent: a second run finds nothing to do.
 * - Resumable: each device is marked on its own, and map entries are removed after their devices, so a
 *   run that stops half-way is finished by the next.
 * - Throttling-aware: `TooManyRequestsException`, 5xx and network failures are retried with backoff
 *   within a bound ({@link SweepOptions.retry}); at most {@link SweepOptions.concurrency} users at once.
 * - A user's failure is reported and the sweep goes on; the next run tries again.
 *
 * Cost: one AdminListDevices per user (60 devices a page), plus one AdminUpdateDeviceStatus per expired
 * device, plus, with `attribute`, AdminGetUser and AdminUpdateUserAttributes for a user whose map has an
 * entry to remove; ListUsers adds one request per 60 users.
 *
 * IAM actions needed: `cognito-idp:ListUsers`, `AdminListDevices`, `AdminUpdateDeviceStatus` on the pool;
 * with `attribute`, also `AdminGetUser` and `AdminUpdateUserAttributes`.
 *
 * @param options - pool, trust days, attribute, clock, mode, connection and limits
 * @returns the report; it throws only for invalid options
 * @see https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUpdateDeviceStatus.html
 * @example
 * ```ts
 * import { sweepExpiredTrust } from 'cognito-auth-machine/admin'
 *
 * const report = await sweepExpiredTrust({ userPoolId: 'eu-west-1_AbCdEf123', days: 30, region: 'eu-west-1' })
 * console.log(`${report.usersScanned} users, ${report.devicesExpired} devices expired, ${report.errors.length} errors`)
 * ```
 */
export async function sweepExpiredTrust(options: SweepOptions): Promise<SweepReport> {
  if (typeof options.userPoolId !== 'string' || !/^[\w-]+_[0-9a-zA-Z]+$/.test(options.userPoolId)) {
    throw new TypeError('sweepExpiredTrust: userPoolId must be a user pool id such as eu-west-1_AbCdEf123')
  }
  if (!(typeof options.days === 'number' && options.days > 0 && Number.isFinite(options.days))) {
    throw new TypeError("sweepExpiredTrust: days must be a positive number, the clients' trust.days")
  }
  if (options.attribute !== undefined && (typeof options.attribute !== 'string' || !/^custom:\w{1,20}$/.test(options.attribute))) {
    throw new TypeError('sweepExpiredTrust: attribute must name a custom attribute, e.g. custom:trusted_devices')
  }
  const concurrency = options.concurrency ?? 4
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError('sweepExpiredTrust: concurrency must be a positive integer')
  const now = options.now === undefined ? Date.now() : +options.now
  if (!Number.isFinite(now)) throw new TypeError('sweepExpiredTrust: now must be a valid Date or epoch milliseconds')

  const counter: CallCounter = { calls: 0 }
  const ctx: SweepContext = {
    client: adminClient(options),
    userPoolId: options.userPoolId,
    periodMs: options.days * 86_400_000,
    attribute: options.attribute,
    now,
    dryRun: options.dryRun ?? false,
    retry: options.retry ?? DEFAULT_RETRY,
    counter,
  }
  const report: SweepReport = {
    usersScanned: 0,
    devicesExpired: 0,
    entriesPruned: 0,
    errors: [],
    calls: 0,
    dryRun: ctx.dryRun,
    complete: true,
  }
  // only the attribute is read (or just `sub`, the smallest answer, without one)
  const users = listPoolUsers(ctx.client, ctx.userPoolId, [ctx.attribute ?? 'sub'], ctx.retry, counter)

  // Workers share one iterator: each takes the next user when it is free, pages are fetched as needed.
  async function worker(): Promise<void> {
    for (;;) {
      let next: IteratorResult<PoolUser>
      try {
        next = await users.next()
      } catch (error) {
        if (report.complete) report.errors.push({ username: undefined, error: toAuthError(error) })
        report.complete = false
        return
      }
      if (next.done) return
      report.usersScanned++
      const swept = await sweepUser(ctx, next.value)
      report.devicesExpired += swept.expired.length
      report.entriesPruned += swept.pruned.length
      for (const { deviceKey, error } of swept.errors) {
        report.errors.push(deviceKey === undefined ? { username: swept.username, error } : { username: swept.username, deviceKey, error })
      }
      if (swept.expired.length + swept.pruned.length + swept.errors.length > 0) options.onUser?.(swept)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  report.calls = counter.calls
  return report
}
