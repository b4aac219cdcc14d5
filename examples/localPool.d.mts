// Types of localPool.mjs.
import type { LocalCognito } from 'cognito-auth-machine/testing'

export { DEMO_USER, NEW_USER, seedPool } from './seedPool.mjs'

/** Starts the local server on a free port and seeds it. */
export declare function startLocalPool(options?: { port?: number }): Promise<{
  server: LocalCognito
  endpoint: string
  region: string
  userPoolId: string
  clientId: string
  user: { username: string; password: string }
}>
