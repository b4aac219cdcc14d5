// Seeds a Cognito endpoint through the real API (the AWS SDK v3 client, as one would seed a real pool):
// a pool that requires MFA with TOTP enrolment and asks the user whether to remember a new device, an
// app client for SRP, two users with a permanent password (the demo user, and a second one for switching
// users, e.g. in two tabs), and a user with a temporary password. Used by examples/localPool.mjs and tests.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider'

export const DEMO_USER = { username: 'demo@example.com', password: 'Correct-Horse-9' }
/** A second user with a permanent password, set up like the demo user (TOTP enrolment at the first sign-in). */
export const SECOND_USER = { username: 'second@example.com', password: 'Battery-Staple-7' }
/** A second user, created by an administrator with a temporary password: the first sign-in asks for a new one. */
export const NEW_USER = { username: 'new@example.com', temporaryPassword: 'Temporary-Pass-1', newPassword: 'Brand-New-Pass-2' }

/** Seeds a pool, client and users on a Cognito endpoint (the local server, or a real one with credentials). */
export async function seedPool({ endpoint, region }) {
  const admin = new CognitoIdentityProviderClient({
    region,
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  try {
    const { UserPool } = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'examples',
        UsernameAttributes: ['email'],
        MfaConfiguration: 'ON',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      }),
    )
    const userPoolId = UserPool.Id
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    )
    const { UserPoolClient } = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'examples',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    )
    for (const user of [DEMO_USER, SECOND_USER]) {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: user.username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: user.username },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      )
      await admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: user.username,
          Password: user.password,
          Permanent: true,
        }),
      )
    }
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: NEW_USER.username,
        TemporaryPassword: NEW_USER.temporaryPassword,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: NEW_USER.username },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    )
    return { userPoolId, clientId: UserPoolClient.ClientId }
  } finally {
    admin.destroy()
  }
}
