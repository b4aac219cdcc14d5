// Seeding for the admin tests, all through the real AWS SDK against the local server: a pool with
// device tracking and the trust-map custom attribute, users, and devices made the way a client makes
// them (sign in, NewDeviceMetadata, ConfirmDevice with a verifier, UpdateDeviceStatus).
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  UpdateDeviceStatusCommand,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider'
import { createDeviceVerifier } from '../../src/srp'
import { startLocalCognito, type LocalCognito } from '../../src/testing'

export const PASSWORD = 'Passw0rd!'
export const ATTRIBUTE = 'custom:trusted_devices'
export const DAY = 86_400_000

export interface Local {
  cognito: LocalCognito
  sdk: CognitoIdentityProviderClient
  poolId: string
  clientId: string
}

/** An SDK client on the local server, with the SDK's own retries off. */
export function sdkClient(cognito: LocalCognito): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
}

/** A new pool on a running server: device tracking that asks before remembering, and the trust-map attribute. */
export async function createPool(on: Pick<Local, 'cognito' | 'sdk'>, pool: Partial<CreateUserPoolCommandInput> = {}): Promise<Local> {
  const { sdk } = on
  const { UserPool } = await sdk.send(
    new CreateUserPoolCommand({
      PoolName: 'admin-tests',
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      Schema: [{ Name: 'trusted_devices', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '2048' } }],
      ...pool,
    }),
  )
  const poolId = UserPool!.Id!
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'admin-tests',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      WriteAttributes: [ATTRIBUTE],
      ReadAttributes: [ATTRIBUTE],
    }),
  )
  return { cognito: on.cognito, sdk, poolId, clientId: UserPoolClient!.ClientId! }
}

/** A local server on an ephemeral port, an SDK client on it, and a first pool. */
export async function startPool(pool: Partial<CreateUserPoolCommandInput> = {}): Promise<Local> {
  const cognito = await startLocalCognito({ port: 0 })
  return createPool({ cognito, sdk: sdkClient(cognito) }, pool)
}

/** Creates a confirmed user with a permanent password. */
export async function createUser(local: Local, username: string): Promise<void> {
  await local.sdk.send(new AdminCreateUserCommand({ UserPoolId: local.poolId, Username: username, MessageAction: 'SUPPRESS' }))
  await local.sdk.send(
    new AdminSetUserPasswordCommand({ UserPoolId: local.poolId, Username: username, Password: PASSWORD, Permanent: true }),
  )
}

/** Signs in as a new device, confirms it and (by default) remembers it; returns its key. */
export async function addDevice(local: Local, username: string, remember = true): Promise<string> {
  const auth = await local.sdk.send(
    new AdminInitiateAuthCommand({
      UserPoolId: local.poolId,
      ClientId: local.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD },
    }),
  )
  const result = auth.AuthenticationResult!
  const meta = result.NewDeviceMetadata!
  const verifier = await createDeviceVerifier({ deviceGroupKey: meta.DeviceGroupKey!, deviceKey: meta.DeviceKey! })
  await local.sdk.send(
    new ConfirmDeviceCommand({
      AccessToken: result.AccessToken,
      DeviceKey: meta.DeviceKey,
      DeviceName: `${username}'s device`,
      DeviceSecretVerifierConfig: { PasswordVerifier: verifier.passwordVerifier, Salt: verifier.salt },
    }),
  )
  if (remember) {
    await local.sdk.send(
      new UpdateDeviceStatusCommand({ AccessToken: result.AccessToken, DeviceKey: meta.DeviceKey, DeviceRememberedStatus: 'remembered' }),
    )
  }
  return meta.DeviceKey!
}

/** Writes a user's trust map (device key to expiry, epoch seconds) as a client would. */
export async function setTrustMap(local: Local, username: string, value: string): Promise<void> {
  await local.sdk.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: local.poolId,
      Username: username,
      UserAttributes: [{ Name: ATTRIBUTE, Value: value }],
    }),
  )
}
