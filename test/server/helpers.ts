// Shared set-up for the server tests: a server on an ephemeral port, the real AWS SDK client pointed at
// it, seeding through the real API, and SRP answers computed with the project's own client-side engine.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AttributeType,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider'
import { computeDeviceClaim, computePasswordClaim, createDeviceVerifier, generateEphemeral, secretHash } from '../../src/srp'
import { startLocalCognito, type LocalCognito, type LocalCognitoOptions } from '../../src/testing'

export const PASSWORD = 'Passw0rd!'

export interface Harness {
  cognito: LocalCognito
  sdk: CognitoIdentityProviderClient
}

export async function start(options: LocalCognitoOptions = {}): Promise<Harness> {
  const cognito = await startLocalCognito(options)
  const sdk = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  return { cognito, sdk }
}

export interface Seeded {
  poolId: string
  clientId: string
  clientSecret: string | undefined
}

/** A pool, a client and users, all through the real API. */
export async function seed(
  sdk: CognitoIdentityProviderClient,
  opts: {
    pool?: Partial<CreateUserPoolCommandInput>
    client?: Partial<CreateUserPoolClientCommandInput>
    users?: { username: string; password?: string; attributes?: AttributeType[]; permanent?: boolean }[]
  } = {},
): Promise<Seeded> {
  const { UserPool } = await sdk.send(new CreateUserPoolCommand({ PoolName: 'test', ...opts.pool }))
  const poolId = UserPool!.Id!
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'app',
      ExplicitAuthFlows: [
        'ALLOW_USER_SRP_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_CUSTOM_AUTH',
        'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      ],
      ...opts.client,
    }),
  )
  for (const user of opts.users ?? [{ username: 'alice' }]) {
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: user.username,
        UserAttributes: user.attributes,
        MessageAction: 'SUPPRESS',
      }),
    )
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: user.username,
        Password: user.password ?? PASSWORD,
        Permanent: user.permanent ?? true,
      }),
    )
  }
  return { poolId, clientId: UserPoolClient!.ClientId!, clientSecret: UserPoolClient!.ClientSecret }
}

/** USER_SRP_AUTH then PASSWORD_VERIFIER; returns the answer to the PASSWORD_VERIFIER step. */
export async function srpSignIn(
  sdk: CognitoIdentityProviderClient,
  s: Seeded,
  username: string,
  opts: { password?: string; deviceKey?: string; deviceKeyAtStart?: boolean } = {},
): Promise<InitiateAuthCommandOutput> {
  const ephemeral = await generateEphemeral()
  const hash = (name: string) =>
    s.clientSecret ? secretHash({ clientId: s.clientId, clientSecret: s.clientSecret, username: name }) : undefined
  const start = await sdk.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: s.clientId,
      AuthParameters: {
        USERNAME: username,
        SRP_A: ephemeral.srpA,
        ...(s.clientSecret ? { SECRET_HASH: await hash(username) } : {}),
        ...(opts.deviceKey && opts.deviceKeyAtStart ? { DEVICE_KEY: opts.deviceKey } : {}),
      },
    }),
  )
  const p = start.ChallengeParameters!
  const claim = await computePasswordClaim({
    poolId: s.poolId,
    userIdForSrp: p.USER_ID_FOR_SRP!,
    password: opts.password ?? PASSWORD,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    ephemeral,
  })
  return sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: s.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: start.Session,
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP!,
        ...claim,
        ...(opts.deviceKey ? { DEVICE_KEY: opts.deviceKey } : {}),
        ...(s.clientSecret ? { SECRET_HASH: await hash(p.USER_ID_FOR_SRP!) } : {}),
      },
    }),
  )
}

/** A device as a client keeps it after ConfirmDevice. */
export interface DeviceSecrets {
  deviceKey: string
  deviceGroupKey: string
  devicePassword: string
}

/** The ConfirmDevice body for NewDeviceMetadata, and the secrets to keep. */
export async function deviceConfig(meta: { DeviceKey?: string; DeviceGroupKey?: string }) {
  const v = await createDeviceVerifier({ deviceGroupKey: meta.DeviceGroupKey!, deviceKey: meta.DeviceKey! })
  return {
    secrets: { deviceKey: meta.DeviceKey!, deviceGroupKey: meta.DeviceGroupKey!, devicePassword: v.devicePassword } as DeviceSecrets,
    config: { PasswordVerifier: v.passwordVerifier, Salt: v.salt },
  }
}

/** Answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER for a device; returns the last answer. */
export async function deviceAuth(
  sdk: CognitoIdentityProviderClient,
  s: Seeded,
  username: string,
  session: string | undefined,
  device: DeviceSecrets,
  opts: { devicePassword?: string } = {},
) {
  const ephemeral = await generateEphemeral()
  const step = await sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: s.clientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: ephemeral.srpA },
    }),
  )
  const p = step.ChallengeParameters!
  const claim = await computeDeviceClaim({
    deviceGroupKey: device.deviceGroupKey,
    deviceKey: device.deviceKey,
    devicePassword: opts.devicePassword ?? device.devicePassword,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    ephemeral,
  })
  return sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: s.clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: step.Session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, ...claim },
    }),
  )
}

/** The JSON payload of a JWT. */
export function claims(jwt: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
}

/** The rejected error of a promise (fails the test if it resolves). */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise
  } catch (error) {
    return error as { name: string; message: string }
  }
  throw new Error('expected the call to fail')
}
