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
import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
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

type Bytes = string | ArrayBuffer | ArrayBufferView

const bytes = (data: Bytes): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data)

/** SHA-256 and HMAC-SHA-256 on node:crypto, in the shape SignatureV4 takes. */
class NodeSha256 {
  private readonly hash
  constructor(secret?: Bytes) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: Bytes): void {
    this.hash.update(bytes(data))
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()))
  }
  reset(): void {}
}

/**
 * The headers of a POST to the local server signed with SigV4 (dummy credentials, as an AWS SDK client
 * configured with them signs): the signer the SDK itself uses, for requests the SDK cannot make
 * (generated targets and bodies).
 */
export async function signedHeaders(
  endpoint: string,
  region: string,
  headers: Record<string, string>,
  body: string,
): Promise<Record<string, string>> {
  const url = new URL(endpoint)
  const signer = new SignatureV4({
    service: 'cognito-idp',
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    sha256: NodeSha256,
  })
  const request = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query: {},
    headers: { host: url.host, ...headers },
    body,
  })
  return request.headers
}

/**
 * Whether the AWS SDK signs `operation` with SigV4, by the SDK's own http-auth-scheme provider
 * (operations it lists as `smithy.api#noAuth` go unsigned), i.e. whether Cognito authorises it with IAM.
 */
export function sdkSigns(sdk: CognitoIdentityProviderClient, operation: string): boolean {
  const provider = sdk.config.httpAuthSchemeProvider as unknown as (p: { operation: string; region: string }) => { schemeId: string }[]
  const schemes = provider({ operation, region: 'us-east-1' }).map((s) => s.schemeId)
  return schemes.includes('aws.auth#sigv4') && !schemes.includes('smithy.api#noAuth')
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
  opts: {
    password?: string
    deviceKey?: string
    deviceKeyAtStart?: boolean
    /** UserContextData on both calls, unless `answerContextData` is given for the answer. */
    contextData?: { IpAddress?: string; EncodedData?: string }
    answerContextData?: { IpAddress?: string; EncodedData?: string }
  } = {},
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
      UserContextData: opts.contextData,
    }),
  )
  const p = start.ChallengeParameters!
  const claim = await claimFor(s.poolId, p, opts.password ?? PASSWORD, ephemeral)
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
      UserContextData: opts.answerContextData ?? opts.contextData,
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

/** The PASSWORD_VERIFIER answer (signature, timestamp, secret block) to Cognito's PASSWORD_VERIFIER challenge parameters. */
export function claimFor(
  poolId: string,
  p: Record<string, string>,
  password: string,
  ephemeral: Awaited<ReturnType<typeof generateEphemeral>>,
): ReturnType<typeof computePasswordClaim> {
  return computePasswordClaim({
    poolId,
    userIdForSrp: p.USER_ID_FOR_SRP!,
    password,
    srpB: p.SRP_B!,
    salt: p.SALT!,
    secretBlock: p.SECRET_BLOCK!,
    ephemeral,
  })
}
