// Starts the bundled local Cognito-compatible server (the package's ./testing entry) and seeds it.
// Used by examples/dev.mjs and the browser tests.
import { startLocalCognito } from 'cognito-auth-machine/testing'
import { DEMO_USER, seedPool } from './seedPool.mjs'

export { DEMO_USER, NEW_USER, seedPool } from './seedPool.mjs'

/** Starts the local server on a free port and seeds it. */
export async function startLocalPool({ port = 0 } = {}) {
  const server = await startLocalCognito({ port })
  const { userPoolId, clientId } = await seedPool(server)
  return { server, endpoint: server.endpoint, region: server.region, userPoolId, clientId, user: DEMO_USER }
}
