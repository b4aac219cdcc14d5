import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
  type AttributeType,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider'
import { startLocalCognito, totp, type LocalCognito } from '../../src/testing/index'
import {
  awsSdkTransport,
  fetchTransport,
  memoryStorage,
  createAuthClient,
  type AuthClientConfig,
  type AuthView,
  type CognitoTransport,
  type ListedDevice,
} from '../../src/index'

/**
 * A custom-auth "Lambda" for the local server: one question (6 x 7), tokens for the right answer,
 * the question again for a wrong one, failure after three.
 */
export const sixTimesSeven: NonNullable<Parameters<typeof startLocalCognito>[0]>['customAuth'] = {
  defineAuthChallenge: ({ session }) => {
    const last = session.at(-1)
    if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) return { issueTokens: true }
    if (session.filter((s) => s.challengeName === 'CUSTOM_CHALLENGE').length >= 3) return { failAuthentication: true }
    return { challengeName: 'CUSTOM_CHALLENGE' }
  },
  createAuthChallenge: () => ({ publicChallengeParameters: { question: 'What is 6 x 7?' }, privateChallengeParameters: { answer: '42' } }),
  verifyAuthChallengeResponse: ({ answer, privateChallengeParameters }) => answer === privateChallengeParameters.answer,
}

/** The signed-in user's devices, as `listDevices()` puts them in the view; throws when listing failed. */
export async function listed(client: { listDevices(): Promise<AuthView> }): Promise<ListedDevice[]> {
  const view = await client.listDevices()
  if (view.step !== 'signedIn' || view.error || !view.devices)
    throw new Error(`listDevices: ${view.step} ${'error' in view ? view.error?.message : ''}`)
  return view.devices
}

/** The two transports every e2e path runs with. */
export const TRANSPORTS = ['fetch', 'sdk'] as const
export type TransportKind = (typeof TRANSPORTS)[number]

/** One recorded Cognito call. */
export interface Call {
  operation: string
  at: number
}

/** A transport that records each operation it sends (it is the real transport; nothing is faked). */
export function recording(kind: TransportKind, sleeps: number[] = []): { transport: CognitoTransport; calls: Call[] } {
  const retry = { sleep: async (ms: number) => void sleeps.push(ms) }
  const inner = kind === 'fetch' ? fetchTransport({ retry }) : awsSdkTransport({ retry })
  const calls: Call[] = []
  return {
    calls,
    transport: {
      send(operation, input, target) {
        calls.push({ operation, at: Date.now() })
        return inner.send(operation, input, target)
      },
    },
  }
}

/** Pool settings for {@link Harness.pool}. */
export interface PoolSpec {
  mfa?: 'OFF' | 'ON' | 'OPTIONAL'
  /** undefined: tracking off; 'always' or 'opt-in'. */
  devices?: 'always' | 'opt-in'
  /** ChallengeRequiredOnNewDevice (MFA skipped for remembered devices); default true. */
  skipMfaForRemembered?: boolean
  secret?: boolean
  sms?: boolean
  totp?: boolean
  email?: boolean
  schema?: SchemaAttributeType[]
  usernameAttributes?: ('email' | 'phone_number')[]
  /** AutoVerifiedAttributes: where sign-up codes go. */
  autoVerify?: ('email' | 'phone_number')[]
  /** ALLOW_USER_AUTH on the app client (auto sign-in after sign-up, choice-based sign-in). */
  userAuth?: boolean
  /** Policies.SignInPolicy.AllowedFirstAuthFactors (choice-based sign-in); default Cognito's, PASSWORD. */
  firstFactors?: ('PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN')[]
  /** WebAuthnConfiguration's RelyingPartyId (passkeys); none by default. */
  relyingPartyId?: string
}

/** A seeded pool. */
export interface Pool {
  userPoolId: string
  clientId: string
  clientSecret?: string
}

export interface Harness {
  cognito: LocalCognito
  sdk: CognitoIdentityProviderClient
  pool(spec?: PoolSpec): Promise<Pool>
  user(
    pool: Pool,
    username: string,
    password: string,
    attributes?: Record<string, string>,
    options?: { temporary?: boolean },
  ): Promise<void>
  /** Enrols TOTP for a user through the real API (USER_PASSWORD_AUTH, MFA_SETUP) and returns the secret. */
  enrolTotp(pool: Pool, username: string, password: string): Promise<string>
  /** A TOTP code on the server's clock. */
  code(secret: string): string
  client(
    pool: Pool,
    kind: TransportKind,
    extra?: Partial<AuthClientConfig>,
  ): ReturnType<typeof createAuthClient> & { calls: Call[]; sleeps: number[] }
  close(): Promise<void>
}

export async function startHarness(options: Parameters<typeof startLocalCognito>[0] = {}): Promise<Harness> {
  const cognito = await startLocalCognito({ port: 0, ...options })
  const sdk = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  const clients: ReturnType<typeof createAuthClient>[] = []
  const harness: Harness = {
    cognito,
    sdk,
    async pool(spec = {}) {
      const mfa = spec.mfa ?? 'OFF'
      const { UserPool } = await sdk.send(
        new CreateUserPoolCommand({
          PoolName: `pool-${Math.random().toString(36).slice(2)}`,
          MfaConfiguration: mfa,
          ...(spec.devices
            ? {
                DeviceConfiguration: {
                  ChallengeRequiredOnNewDevice: spec.skipMfaForRemembered ?? true,
                  DeviceOnlyRememberedOnUserPrompt: spec.devices === 'opt-in',
                },
              }
            : {}),
          ...(spec.schema ? { Schema: spec.schema } : {}),
          ...(spec.usernameAttributes ? { UsernameAttributes: spec.usernameAttributes } : {}),
          ...(spec.autoVerify ? { AutoVerifiedAttributes: spec.autoVerify } : {}),
          Policies: {
            PasswordPolicy: {
              MinimumLength: 8,
              RequireLowercase: false,
              RequireUppercase: false,
              RequireNumbers: false,
              RequireSymbols: false,
            },
            ...(spec.firstFactors ? { SignInPolicy: { AllowedFirstAuthFactors: spec.firstFactors } } : {}),
          },
        }),
      )
      const userPoolId = UserPool!.Id!
      if (mfa !== 'OFF' || spec.relyingPartyId) {
        const { SetUserPoolMfaConfigCommand } = await import('@aws-sdk/client-cognito-identity-provider')
        await sdk.send(
          new SetUserPoolMfaConfigCommand({
            UserPoolId: userPoolId,
            MfaConfiguration: mfa,
            ...(mfa === 'OFF' ? {} : { SoftwareTokenMfaConfiguration: { Enabled: spec.totp ?? true } }),
            ...(spec.sms ? { SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' } } } : {}),
            ...(spec.email ? { EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Code' } } : {}),
            ...(spec.relyingPartyId ? { WebAuthnConfiguration: { RelyingPartyId: spec.relyingPartyId } } : {}),
          }),
        )
      }
      const { UserPoolClient } = await sdk.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: 'app',
          GenerateSecret: spec.secret ?? false,
          ExplicitAuthFlows: [
            'ALLOW_USER_SRP_AUTH',
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
            'ALLOW_CUSTOM_AUTH',
            ...(spec.userAuth ? (['ALLOW_USER_AUTH'] as const) : []),
          ],
        }),
      )
      return {
        userPoolId,
        clientId: UserPoolClient!.ClientId!,
        ...(UserPoolClient!.ClientSecret ? { clientSecret: UserPoolClient!.ClientSecret } : {}),
      }
    },
    async user(pool, username, password, attributes = {}, options = {}) {
      const UserAttributes: AttributeType[] = Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }))
      await sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: pool.userPoolId,
          Username: username,
          UserAttributes,
          MessageAction: 'SUPPRESS',
          ...(options.temporary ? { TemporaryPassword: password } : {}),
        }),
      )
      if (!options.temporary) {
        await sdk.send(
          new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: username, Password: password, Permanent: true }),
        )
      }
    },
    async enrolTotp(pool, username, password) {
      const { secretHash } = await import('../../src/srp/index')
      const hash: Record<string, string> = pool.clientSecret
        ? { SECRET_HASH: await secretHash({ clientId: pool.clientId, clientSecret: pool.clientSecret, username }) }
        : {}
      const first = await sdk.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password, ...hash },
        }),
      )
      // an MFA-optional pool signs in without MFA: the user enrols with the access token
      const AccessToken = first.AuthenticationResult?.AccessToken
      if (first.ChallengeName !== 'MFA_SETUP' && !AccessToken) throw new Error(`enrolTotp: expected MFA_SETUP, got ${first.ChallengeName}`)
      const assoc = await sdk.send(new AssociateSoftwareTokenCommand(AccessToken ? { AccessToken } : { Session: first.Session }))
      const secret = assoc.SecretCode!
      const UserCode = totp(secret, cognito.clock.now())
      const verified = await sdk.send(
        new VerifySoftwareTokenCommand(AccessToken ? { AccessToken, UserCode } : { Session: assoc.Session, UserCode }),
      )
      const done = AccessToken
        ? first
        : await sdk.send(
            new RespondToAuthChallengeCommand({
              ClientId: pool.clientId,
              ChallengeName: 'MFA_SETUP',
              Session: verified.Session,
              ChallengeResponses: { USERNAME: username, ...hash },
            }),
          )
      if (!done.AuthenticationResult) throw new Error('enrolTotp: no tokens after MFA_SETUP')
      await sdk.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: pool.userPoolId,
          Username: username,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      )
      return secret
    },
    code: (secret) => totp(secret, cognito.clock.now()),
    client(pool, kind, extra = {}) {
      const sleeps: number[] = []
      const { transport, calls } = recording(kind, sleeps)
      const client = createAuthClient({
        userPoolId: pool.userPoolId,
        clientId: pool.clientId,
        ...(pool.clientSecret ? { clientSecret: pool.clientSecret } : {}),
        endpoint: cognito.endpoint,
        transport,
        storage: memoryStorage(),
        clock: cognito.clock,
        ...extra,
      })
      clients.push(client)
      return Object.assign(client, { calls, sleeps })
    },
    async close() {
      for (const c of clients) c.stop()
      sdk.destroy()
      await cognito.close()
    },
  }
  return harness
}

/** The operations of recorded calls, in order. */
export const ops = (calls: Call[]) => calls.map((c) => c.operation)

/** The code of the error a command was refused with; fails when the command was taken. */
export async function refused(promise: Promise<AuthView>): Promise<string> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown as { code: string },
  )
  if (!error) throw new Error('the command was taken')
  return error.code
}
