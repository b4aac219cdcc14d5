// Types of localPool.mjs.
import type { LocalCognito } from 'cognito-auth-machine/testing'

export { DEMO_USER, NEW_USER, PASSWORDLESS_USER, seedPasswordlessPool, seedPool, TOTP_USER } from './seedPool.mjs'

/**
 * Starts the local server on a free port and seeds it: the examples' pool, or with `passwordless` the passwordless
 * variant's pool, whose users come back as `passwordlessUser` and `totpUser` (`user` is the examples' demo user,
 * who is not in that pool).
 */
export declare function startLocalPool(options?: { port?: number; passwordless?: boolean }): Promise<{
  server: LocalCognito
  endpoint: string
  region: string
  userPoolId: string
  clientId: string
  user: { username: string; password: string }
  passwordlessUser?: { username: string }
  totpUser?: { username: string; password: string; totpSecret: string }
}>
