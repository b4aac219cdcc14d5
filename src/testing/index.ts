/**
 * A local Amazon Cognito user-pool server for tests (Node only): SRP verified for users and devices,
 * MFA, device tracking, RS256 tokens, a controllable clock, an outbox for codes and fault injection.
 *
 * @packageDocumentation
 */
export { startLocalCognito, type LocalCognito } from './startLocalCognito'
export type { LocalCognitoOptions, DeviceBehaviourOptions } from './options'
export type { LocalClock } from './clock'
export type { Outbox, OutboxMessage } from './outbox'
export type { Faults, FaultSpec } from './faults'
export type {
  CustomAuthHandler,
  CustomAuthUser,
  CustomChallengeResult,
  DefineAuthChallengeResult,
  CreateAuthChallengeResult,
} from './auth/customAuthTypes'
export { totp } from './totp'
