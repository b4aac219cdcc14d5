/**
 * Server-side device administration for Cognito user pools, with IAM credentials (Node): typed Admin*
 * device helpers, the pool-wide trust-expiry sweep, and a user's auth events (threat protection) with
 * feedback on them. Published as `cognito-auth-machine/admin`.
 *
 * @packageDocumentation
 */
export { adminForgetDevice, adminGetDevice, adminListDevices, adminUpdateDeviceStatus } from './adminDevices'
export type { AdminDeviceInput, AdminUserInput } from './adminDevices'
export type { AdminConnection } from './adminClient'
export { parseAdminDevice, type AdminDevice } from './AdminDevice'
export type { CallCounter } from './adminSend'
export { adminListUserAuthEvents, adminUpdateAuthEventFeedback, iterateUserAuthEvents } from './authEvents'
export type { AuthEvent, AuthEventPage, AdminAuthEventsInput } from './authEvents'
export { sweepExpiredTrust } from './sweepExpiredTrust'
export { runSweepCli, SWEEP_USAGE, type CliOutput } from './sweepCli'
export type { SweepError, SweepOptions, SweepReport, SweptUser } from './sweepExpiredTrust'
export { parseTrustMap, serializeTrustMap, expiredTrustKeys, type TrustMap } from '../device/trustMap'
export { AuthError, type AuthErrorCode, type AuthErrorCause } from '../errors'
export type { RetryOptions } from '../cognito/withRetry'
