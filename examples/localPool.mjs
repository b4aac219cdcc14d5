// Starts the bundled local Cognito-compatible server (the package's ./testing entry) and seeds it: the
// examples' pool, or with `passwordless: true` the pool of the apps' passwordless variant.
// Used by examples/dev.mjs and the browser tests.
import { startLocalCognito } from 'cognito-auth-machine/testing'
import { DEMO_USER, PASSWORDLESS_USER, seedPasswordlessPool, seedPool, TOTP_USER } from './seedPool.mjs'

export { DEMO_USER, NEW_USER, PASSWORDLESS_USER, seedPasswordlessPool, seedPool, TOTP_USER } from './seedPool.mjs'

/** Starts the local server on a free port and seeds it. */
export async function startLocalPool({ port = 0, passwordless = false } = {}) {
  const server = await startLocalCognito({ port })
  try {
    if (passwordless) {
      const { userPoolId, clientId, totpSecret } = await seedPasswordlessPool(server)
      const base = { server, endpoint: server.endpoint, region: server.region, userPoolId, clientId }
      return { ...base, user: DEMO_USER, passwordlessUser: PASSWORDLESS_USER, totpUser: { ...TOTP_USER, totpSecret } }
    }
    const { userPoolId, clientId } = await seedPool(server)
    return { server, endpoint: server.endpoint, region: server.region, userPoolId, clientId, user: DEMO_USER }
  } catch (error) {
    await server.close()
    throw error
  }
}
