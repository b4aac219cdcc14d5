// Types of localPool.mjs for the browser tests.
import type { LocalCognito } from 'cognito-auth-machine/testing'

/** The seeded demo user. */
export declare const DEMO_USER: { username: string; password: string }
/** Seeds a pool, client and user on a Cognito endpoint. */
export declare function seedPool(options: { endpoint: string; region: string }): Promise<{ userPoolId: string; clientId: string }>
/** Starts the local server on a free port and seeds it. */
export declare function startLocalPool(options?: { port?: number }): Promise<{
  server: LocalCognito
  endpoint: string
  region: string
  userPoolId: string
  clientId: string
  user: { username: string; password: string }
}>
