// Shared steps of the choice-based sign-in tests (InitiateAuth USER_AUTH and its challenges), through the real AWS SDK client.
import {
  AdminInitiateAuthCommand,
  ConfirmDeviceCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AttributeType,
  type AuthenticationResultType,
  type CreateUserPoolClientCommandInput,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider'
import { generateEphemeral, secretHash } from '../../src/srp'
import { claimFor, deviceConfig, PASSWORD, type DeviceSecrets, type Harness, type Seeded } from './helpers'

/** An app client that allows choice-based sign-in and nothing else but refresh. */
export const USER_AUTH_CLIENT: Partial<CreateUserPoolClientCommandInput> = {
  ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
}

/** A verified e-mail address and phone number. */
export const contact = (name: string, phone = '+15555550142'): AttributeType[] => [
  { Name: 'email', Value: `${name}@example.com` },
  { Name: 'email_verified', Value: 'true' },
  { Name: 'phone_number', Value: phone },
  { Name: 'phone_number_verified', Value: 'true' },
]

/** The factors a response offered, in a fixed order (the contract does not fix one). */
export const offered = (out: { AvailableChallenges?: string[] }) => [...(out.AvailableChallenges ?? [])].sort()

/** The SECRET_HASH member for a client with a secret, or nothing. */
async function hashOf(s: Seeded, username: string): Promise<Record<string, string>> {
  return s.clientSecret ? { SECRET_HASH: await secretHash({ clientId: s.clientId, clientSecret: s.clientSecret, username }) } : {}
}

/** InitiateAuth with USER_AUTH (no Session), SECRET_HASH added for a client with a secret. */
export async function userAuth(h: Harness, s: Seeded, params: Record<string, string>, admin = false): Promise<InitiateAuthCommandOutput> {
  const AuthParameters = { ...params, ...(await hashOf(s, params.USERNAME ?? '')) }
  if (admin)
    return h.sdk.send(new AdminInitiateAuthCommand({ UserPoolId: s.poolId, ClientId: s.clientId, AuthFlow: 'USER_AUTH', AuthParameters }))
  return h.sdk.send(new InitiateAuthCommand({ ClientId: s.clientId, AuthFlow: 'USER_AUTH', AuthParameters }))
}

/** RespondToAuthChallenge, SECRET_HASH added for a client with a secret. */
export async function respond(
  h: Harness,
  s: Seeded,
  name: string,
  session: string | undefined,
  responses: Record<string, string>,
): Promise<InitiateAuthCommandOutput> {
  return h.sdk.send(
    new RespondToAuthChallengeCommand({
      ClientId: s.clientId,
      ChallengeName: name as 'SELECT_CHALLENGE',
      Session: session,
      ChallengeResponses: { ...responses, ...(await hashOf(s, responses.USERNAME ?? '')) },
    }),
  )
}

/** An SRP ephemeral, to send its SRP_A and later answer PASSWORD_VERIFIER with it. */
export const ephemeral = () => generateEphemeral()

/** Answers PASSWORD_VERIFIER (a DEVICE_KEY added when given). */
export async function verifyPassword(
  h: Harness,
  s: Seeded,
  challenge: InitiateAuthCommandOutput,
  eph: Awaited<ReturnType<typeof generateEphemeral>>,
  opts: { password?: string; deviceKey?: string } = {},
): Promise<InitiateAuthCommandOutput> {
  const p = challenge.ChallengeParameters ?? {}
  const claim = await claimFor(s.poolId, p, opts.password ?? PASSWORD, eph)
  const key: Record<string, string> = opts.deviceKey ? { DEVICE_KEY: opts.deviceKey } : {}
  return respond(h, s, 'PASSWORD_VERIFIER', challenge.Session, { USERNAME: p.USER_ID_FOR_SRP!, ...claim, ...key })
}

/** The newest code the outbox holds for a user. */
export const codeOf = (h: Harness, username: string) => h.cognito.outbox.last(username)!.code

/** ConfirmDevice for a sign-in's NewDeviceMetadata; returns what the client keeps. */
export async function confirm(h: Harness, result: AuthenticationResultType | undefined): Promise<DeviceSecrets> {
  const { secrets, config } = await deviceConfig(result!.NewDeviceMetadata!)
  await h.sdk.send(
    new ConfirmDeviceCommand({ AccessToken: result!.AccessToken, DeviceKey: secrets.deviceKey, DeviceSecretVerifierConfig: config }),
  )
  return secrets
}
