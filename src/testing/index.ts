/**
 * A local Amazon Cognito user-pool server for tests (Node only): SRP verified for users and devices,
 * MFA, device tracking, passkeys, RS256 tokens, a controllable clock, an outbox for codes and fault injection,
 * {@link seedPool} to create a pool, an app client and users in one call, and {@link softwareAuthenticator}
 * to register and use passkeys without a browser. A test server only: it
 * binds to loopback, serves loopback pages, and takes any SigV4 credentials for admin operations.
 *
 * @packageDocumentation
 */
export { startLocalCognito, type LocalCognito } from './startLocalCognito'
export {
  seedPool,
  DEFAULT_SEED_PASSWORD,
  TRUST_ATTRIBUTE,
  type SeedTarget,
  type SeedPoolOptions,
  type SeedUser,
  type SeedDeviceOptions,
  type SeedWebAuthnOptions,
  type SeededPool,
  type SeededUser,
} from './seedPool'
export type { LocalCognitoOptions, DeviceBehaviourOptions } from './options'
export type { LocalClock } from './clock'
export type { Outbox, OutboxMessage } from './outbox'
export type { Faults, FaultSpec } from './faults'
export type { AuthEventLog, LocalAuthEvent, LocalAuthEventType, ContextData, RiskAttempt } from './events'
export type {
  CustomAuthHandler,
  CustomAuthUser,
  CustomChallengeResult,
  DefineAuthChallengeResult,
  CreateAuthChallengeResult,
} from './auth/customAuthTypes'
export { totp } from './totp'
export {
  softwareAuthenticator,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
  type SoftwareCredential,
} from './softwareAuthenticator'
