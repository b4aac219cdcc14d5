// Seeds the examples' pool on a local Cognito server with seedPool() from the package's ./testing entry
// (the real API over HTTP, signed with dummy credentials): a pool that requires MFA with TOTP, enrolled at
// the first sign-in, and asks the user whether to remember a new device; an app client for SRP; two users
// with a permanent password (the demo user, and a second one for switching users, e.g. in two tabs), and a
// user with a temporary password. Used by examples/localPool.mjs and tests.
import { seedPool as seedLocalPool } from 'cognito-auth-machine/testing'

export const DEMO_USER = { username: 'demo@example.com', password: 'Correct-Horse-9' }
/** A second user with a permanent password, set up like the demo user (TOTP enrolment at the first sign-in). */
export const SECOND_USER = { username: 'second@example.com', password: 'Battery-Staple-7' }
/** A second user, created by an administrator with a temporary password: the first sign-in asks for a new one. */
export const NEW_USER = { username: 'new@example.com', temporaryPassword: 'Temporary-Pass-1', newPassword: 'Brand-New-Pass-2' }

/** The user's e-mail address, verified, as its attributes. */
const emailOf = (username) => ({ email: username, email_verified: 'true' })

/** Seeds a pool, client and users on a local Cognito server (`{ endpoint, region }`, or the LocalCognito itself). */
export async function seedPool(server) {
  const { userPoolId, clientId } = await seedLocalPool(server, {
    poolName: 'examples',
    usernameAttributes: ['email'],
    mfa: 'ON',
    devices: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true },
    users: [
      ...[DEMO_USER, SECOND_USER].map(({ username, password }) => ({ username, password, attributes: emailOf(username) })),
      { username: NEW_USER.username, password: NEW_USER.temporaryPassword, temporary: true, attributes: emailOf(NEW_USER.username) },
    ],
  })
  return { userPoolId, clientId }
}
