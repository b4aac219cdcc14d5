// Seeds the examples' pool on a local Cognito server with seedPool() from the package's ./testing entry
// (the real API over HTTP, signed with dummy credentials): a pool that requires MFA with TOTP, enrolled at
// the first sign-in, asks the user whether to remember a new device, and sends a code to the e-mail address
// of a new account (sign-up) or a forgotten password; an app client for SRP and for the sign-in that
// follows a confirmed sign-up (USER_AUTH); two users with a permanent password (the demo user, and a second
// one for switching users, e.g. in two tabs), and a user with a temporary password. And a second pool, for
// the passwordless variant of the apps (seedPasswordlessPool): MFA optional, choice-based sign-in with the
// password, a code by e-mail or a passkey, the same remember-on-prompt devices, a passwordless user and a
// password-and-TOTP user. Used by examples/localPool.mjs and tests.
import {
  CognitoIdentityProviderClient,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { randomBytes } from 'node:crypto'
import { seedPool as seedLocalPool } from 'cognito-auth-machine/testing'

export const DEMO_USER = { username: 'demo@example.com', password: 'Correct-Horse-9' }
/** A second user with a permanent password, set up like the demo user (TOTP enrolment at the first sign-in). */
export const SECOND_USER = { username: 'second@example.com', password: 'Battery-Staple-7' }
/** A second user, created by an administrator with a temporary password: the first sign-in asks for a new one. */
export const NEW_USER = { username: 'new@example.com', temporaryPassword: 'Temporary-Pass-1', newPassword: 'Brand-New-Pass-2' }

/**
 * The passwordless pool's user who signs in without a password: a code to the verified e-mail address, then a
 * passkey registered on the account page. Cognito gives every user a password; this one's is random, and shown to
 * no one.
 */
export const PASSWORDLESS_USER = { username: 'pia@example.com' }
/** The passwordless pool's user with a password and an authenticator app (enrolled when seeded: MFA applies, so no passwordless factor). */
export const TOTP_USER = { username: 'tom@example.com', password: 'Totp-Horse-4' }

/** The user's e-mail address, verified, as its attributes. */
const emailOf = (username) => ({ email: username, email_verified: 'true' })

/** Device tracking: a remembered device skips MFA; a new device is remembered only when the user says so. */
const DEVICES = { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true }

/** Seeds a pool, client and users on a local Cognito server (`{ endpoint, region }`, or the LocalCognito itself). */
export async function seedPool(server) {
  const { userPoolId, clientId } = await seedLocalPool(server, {
    poolName: 'examples',
    usernameAttributes: ['email'],
    mfa: 'ON',
    devices: DEVICES,
    users: [
      ...[DEMO_USER, SECOND_USER].map(({ username, password }) => ({ username, password, attributes: emailOf(username) })),
      { username: NEW_USER.username, password: NEW_USER.temporaryPassword, temporary: true, attributes: emailOf(NEW_USER.username) },
    ],
  })
  await allowAccountFlows(server, userPoolId, clientId)
  return { userPoolId, clientId }
}

/**
 * Seeds the pool of the apps' passwordless variant (`VITE_COGNITO_AUTH_FLOW=USER_AUTH`): MFA optional (TOTP),
 * choice-based sign-in (`ALLOW_USER_AUTH`) with the first factors PASSWORD, EMAIL_OTP and WEB_AUTHN, passkeys for
 * pages on `localhost` (the relying party), the same device tracking as the examples' pool (remembered on the
 * user's say-so, a remembered device skips MFA), sign-up codes by e-mail; {@link PASSWORDLESS_USER} and
 * {@link TOTP_USER}, enrolled in TOTP (its secret is returned, for an authenticator app or a test).
 */
export async function seedPasswordlessPool(server) {
  const { userPoolId, clientId, users } = await seedLocalPool(server, {
    poolName: 'examples-passwordless',
    usernameAttributes: ['email'],
    mfa: 'OPTIONAL',
    devices: DEVICES,
    webAuthn: { relyingPartyId: 'localhost' },
    userAuth: true,
    users: [
      { username: PASSWORDLESS_USER.username, password: randomPassword(), attributes: emailOf(PASSWORDLESS_USER.username) },
      { ...TOTP_USER, attributes: emailOf(TOTP_USER.username), enrolTotp: true },
    ],
  })
  await updatePool(server, {
    UserPoolId: userPoolId,
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: {
      ChallengeRequiredOnNewDevice: DEVICES.challengeRequiredOnNewDevice,
      DeviceOnlyRememberedOnUserPrompt: DEVICES.deviceOnlyRememberedOnUserPrompt,
    },
    AutoVerifiedAttributes: ['email'],
    // seedPool() sets PASSWORD and WEB_AUTHN; the code by e-mail is added here
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } },
  })
  const totpSecret = users.find((u) => u.username === TOTP_USER.username)?.totpSecret
  if (!totpSecret) throw new Error('seedPool did not enrol the TOTP user')
  return { userPoolId, clientId, totpSecret }
}

/** A password no one is told: the passwordless user's (Cognito requires one). */
const randomPassword = () => `${randomBytes(18).toString('base64url')}-Aa1`

/** Runs `calls` with an AWS SDK client of the server (dummy credentials), destroyed afterwards. */
async function withSdk(server, calls) {
  const sdk = new CognitoIdentityProviderClient({
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  try {
    await calls(sdk)
  } finally {
    sdk.destroy()
  }
}

/** UpdateUserPool on the server (it replaces the whole configuration, as Cognito's does). */
const updatePool = (server, input) => withSdk(server, (sdk) => sdk.send(new UpdateUserPoolCommand(input)))

/**
 * What seedPool() has no option for, set through the API as one would on a real pool: the pool sends
 * sign-up codes to the e-mail address (`AutoVerifiedAttributes`), and the app client allows USER_AUTH, the
 * flow in which a confirmed sign-up signs in with Cognito's session instead of the password. Both updates
 * replace the whole configuration (as Cognito's do), so they repeat what seedPool() set.
 */
async function allowAccountFlows(server, userPoolId, clientId) {
  await withSdk(server, async (sdk) => {
    await sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: 'ON',
        DeviceConfiguration: {
          ChallengeRequiredOnNewDevice: DEVICES.challengeRequiredOnNewDevice,
          DeviceOnlyRememberedOnUserPrompt: DEVICES.deviceOnlyRememberedOnUserPrompt,
        },
        AutoVerifiedAttributes: ['email'],
      }),
    )
    await sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
      }),
    )
  })
}
