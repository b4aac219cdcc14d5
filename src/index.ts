/**
 * cognito-auth-machine: a headless sign-in state machine for Amazon Cognito user pools.
 *
 * @packageDocumentation
 */
export type { AuthStorage, MaybePromise } from './storage/AuthStorage'
export { memoryStorage } from './storage/memoryStorage'
