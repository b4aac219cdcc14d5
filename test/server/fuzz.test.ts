// Property: whatever a client sends, the server answers (200, or 400 with a Cognito __type; never a
// 5xx, a hang or a crash) and keeps serving. At least 5,000 generated requests, most of them signed
// with SigV4 (dummy credentials) so that the IAM-authorised operations (Admin*, pool management) are
// reached; an unsigned one of those is always MissingAuthenticationTokenException.
import { Agent, request } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sdkSigns, seed, signedHeaders, start, type Harness, type Seeded } from './helpers'

let h: Harness
let s: Seeded
const agent = new Agent({ keepAlive: true, maxSockets: 8 })
beforeAll(async () => {
  h = await start({ maxBodyBytes: 16 * 1024 })
  s = await seed(h.sdk, { pool: { MfaConfiguration: 'OPTIONAL', DeviceConfiguration: { ChallengeRequiredOnNewDevice: true } } })
})
afterAll(async () => {
  agent.destroy()
  await h.cognito.close()
})

const OPERATIONS = [
  'InitiateAuth',
  'RespondToAuthChallenge',
  'AdminInitiateAuth',
  'AdminRespondToAuthChallenge',
  'ConfirmDevice',
  'GetDevice',
  'ListDevices',
  'ForgetDevice',
  'UpdateDeviceStatus',
  'AdminListDevices',
  'AdminGetDevice',
  'AdminUpdateDeviceStatus',
  'AdminForgetDevice',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
  'GetUser',
  'UpdateUserAttributes',
  'ChangePassword',
  'GlobalSignOut',
  'RevokeToken',
  'CreateUserPool',
  'DescribeUserPool',
  'UpdateUserPool',
  'CreateUserPoolClient',
  'DescribeUserPoolClient',
  'AdminCreateUser',
  'AdminSetUserPassword',
  'AdminGetUser',
  'AdminDeleteUser',
  'AdminUpdateUserAttributes',
  'SetUserPoolMfaConfig',
  'AdminSetUserMFAPreference',
  'AdminUserGlobalSignOut',
  'SignUp',
  'ConfirmSignUp',
  'ResendConfirmationCode',
  'AdminConfirmSignUp',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'GetTokensFromRefreshToken',
  'ListUsers',
  'VerifyUserAttribute',
  'AddCustomAttributes',
  'GetUserPoolMfaConfig',
  'DeleteUser',
  'CreateGroup',
  'DeleteGroup',
  'AdminAddUserToGroup',
  'AdminRemoveUserFromGroup',
  'AdminListGroupsForUser',
  'ListUsersInGroup',
  'GetUserAttributeVerificationCode',
  'AdminListUserAuthEvents',
  'AdminUpdateAuthEventFeedback',
  'StartWebAuthnRegistration',
  'CompleteWebAuthnRegistration',
  'ListWebAuthnCredentials',
  'DeleteWebAuthnCredential',
]
const FIELDS = [
  'ClientId',
  'UserPoolId',
  'AuthFlow',
  'AuthParameters',
  'ChallengeName',
  'ChallengeResponses',
  'Session',
  'AccessToken',
  'DeviceKey',
  'DeviceSecretVerifierConfig',
  'Username',
  'Password',
  'UserAttributes',
  'Limit',
  'PaginationToken',
  'Token',
  'UserCode',
  'PoolName',
  'ClientName',
  'Schema',
  'DeviceConfiguration',
  'MfaConfiguration',
  'ExplicitAuthFlows',
  'DeviceRememberedStatus',
  'SoftwareTokenMfaSettings',
  'Permanent',
  'TemporaryPassword',
  'Policies',
  'ConfirmationCode',
  'SecretHash',
  'RefreshToken',
  'Filter',
  'AttributeName',
  'Code',
  'AttributesToGet',
  'CustomAttributes',
  'GroupName',
  'Precedence',
  'Description',
  'UserContextData',
  'MaxResults',
  'NextToken',
  'EventId',
  'FeedbackValue',
  'UserPoolAddOns',
  'Credential',
  'CredentialId',
  'WebAuthnConfiguration',
]
const PARAM_KEYS = [
  'USERNAME',
  'SRP_A',
  'PASSWORD',
  'DEVICE_KEY',
  'SECRET_HASH',
  'REFRESH_TOKEN',
  'ANSWER',
  'SMS_MFA_CODE',
  'TIMESTAMP',
  'PASSWORD_CLAIM_SIGNATURE',
  'PASSWORD_CLAIM_SECRET_BLOCK',
  'NEW_PASSWORD',
  'PREFERRED_CHALLENGE',
  'EMAIL_OTP_CODE',
  'SMS_OTP_CODE',
  'CREDENTIAL',
]

const hex = (maxLength: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength })
const scalar = () =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(
      'USER_SRP_AUTH',
      'USER_PASSWORD_AUTH',
      'USER_AUTH',
      'REFRESH_TOKEN_AUTH',
      'CUSTOM_AUTH',
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'SMS_MFA',
      'MFA_SETUP',
      'SELECT_CHALLENGE',
      'PASSWORD',
      'PASSWORD_SRP',
      'EMAIL_OTP',
      'SMS_OTP',
      'alice',
      'remembered',
      'ON',
    ),
    hex(800),
  )
const value = fc.oneof(
  { weight: 4, arbitrary: scalar() },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom(...PARAM_KEYS),
      fc.oneof(fc.string({ maxLength: 30 }), hex(800), fc.integer(), fc.constant(null)),
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.oneof(scalar(), fc.record({ Name: scalar(), Value: scalar() })), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
)
const body = fc.oneof(
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 }).map((o) => JSON.stringify(o)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? '') },
  { weight: 1, arbitrary: fc.constant('x'.repeat(20_000)) },
)
const target = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...OPERATIONS).map((op) => `AWSCognitoIdentityProviderService.${op}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 50 }).map((t) => t.replace(/[^\x21-\x7e]/g, '')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'AWSCognitoIdentityProviderService.__proto__',
      'AWSCognitoIdentityProviderService.constructor',
      'AWSCognitoIdentityProviderService.toString',
      'AWSCognitoIdentityProviderService.describePool',
      'AWSCognitoIdentityProviderService.userType',
    ),
  },
)

async function send(targetHeader: string, payload: string, sign = true): Promise<{ status: number; text: string }> {
  const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': targetHeader }
  const headers = sign ? await signedHeaders(h.cognito.endpoint, h.cognito.region, base, payload) : base
  return new Promise((resolve, reject) => {
    const url = new URL(h.cognito.endpoint)
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: '/',
        method: 'POST',
        headers,
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (text += d))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

const SIGNATURE_ERRORS = ['MissingAuthenticationTokenException', 'IncompleteSignatureException']
const signedMostly = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })

it('answers 5,000 generated requests with 200 or a 400 carrying a __type, and stays up', async () => {
  let count = 0
  let iamReached = 0
  // Real ids make many requests reach deep into the operations instead of stopping at the lookup.
  const withIds = (payload: string) => payload.replaceAll('"alice"', `"${s.clientId}"`).replace('"ON"', `"${s.poolId}"`)
  await fc.assert(
    fc.asyncProperty(target, body, fc.boolean(), signedMostly, async (t, b, real, signed) => {
      const { status, text } = await send(t, real ? withIds(b) : b, signed)
      count++
      expect([200, 400]).toContain(status)
      const json = JSON.parse(text) as { __type?: unknown }
      if (status === 400) expect(typeof json.__type).toBe('string')
      const operation = t.replace('AWSCognitoIdentityProviderService.', '')
      if (!OPERATIONS.includes(operation) || !sdkSigns(h.sdk, operation)) return
      if (!signed) expect(json.__type).toBe('MissingAuthenticationTokenException')
      else if (!SIGNATURE_ERRORS.includes(String(json.__type))) iamReached++
    }),
    { numRuns: 5000 },
  )
  expect(count).toBeGreaterThanOrEqual(5000)
  // Signed requests to the IAM-authorised operations got past the signature check into the operations.
  expect(iamReached).toBeGreaterThan(500)
  const alive = await send('AWSCognitoIdentityProviderService.DescribeUserPool', JSON.stringify({ UserPoolId: s.poolId }))
  expect(alive.status).toBe(200)
}, 60_000)

it('survives 1,000 mutations of valid requests that carry live sessions, tokens and device keys', async () => {
  const { srpSignIn, deviceConfig } = await import('./helpers')
  const { InitiateAuthCommand, ConfirmDeviceCommand, SignUpCommand, ConfirmSignUpCommand, CreateUserPoolCommand } =
    await import('@aws-sdk/client-cognito-identity-provider')
  // A pool of its own: the first property may have reconfigured the shared one (tracking off, MFA on...).
  s = await seed(h.sdk, {
    pool: {
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
      AutoVerifiedAttributes: ['email'],
      UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] } },
    },
    client: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH'] },
    users: [
      {
        username: 'alice',
        attributes: [
          { Name: 'email', Value: 'alice@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      },
    ],
  })
  // A pool of its own for UpdateUserPool, which would otherwise turn the shared pool's tracking off.
  const spare = (await h.sdk.send(new CreateUserPoolCommand({ PoolName: 'spare' }))).UserPool!.Id!
  let signedUp = 0
  /** A fresh user's ConfirmSignUp Session (S2), for USER_AUTH. */
  const confirmedSession = async () => {
    const Username = `new${signedUp++}`
    const UserAttributes = [{ Name: 'email', Value: `${Username}@example.com` }]
    await h.sdk.send(new SignUpCommand({ ClientId: s.clientId, Username, Password: 'Sign-up1!', UserAttributes }))
    const ConfirmationCode = h.cognito.outbox.last(Username)!.code
    return { Username, Session: (await h.sdk.send(new ConfirmSignUpCommand({ ClientId: s.clientId, Username, ConfirmationCode }))).Session }
  }
  const context = { IpAddress: '203.0.113.9', EncodedData: 'fingerprint' }
  const tokens = (await srpSignIn(h.sdk, s, 'alice')).AuthenticationResult!
  const { secrets, config } = await deviceConfig(tokens.NewDeviceMetadata!)
  await h.sdk.send(
    new ConfirmDeviceCommand({ AccessToken: tokens.AccessToken, DeviceKey: secrets.deviceKey, DeviceSecretVerifierConfig: config }),
  )
  const live = async () =>
    (
      await h.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_SRP_AUTH',
          ClientId: s.clientId,
          AuthParameters: { USERNAME: 'alice', SRP_A: 'abc123', DEVICE_KEY: secrets.deviceKey },
        }),
      )
    ).Session!
  /** A live choice-based sign-in of alice: SELECT_CHALLENGE, or the e-mailed code's challenge. */
  const userAuth = async (preferred?: string) =>
    (
      await h.sdk.send(
        new InitiateAuthCommand({
          AuthFlow: 'USER_AUTH',
          ClientId: s.clientId,
          AuthParameters: { USERNAME: 'alice', DEVICE_KEY: secrets.deviceKey, ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}) },
        }),
      )
    ).Session!
  const firstFactors = { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } }
  const valid: [string, () => Promise<Record<string, unknown>>][] = [
    [
      'InitiateAuth',
      async () => ({
        AuthFlow: 'USER_AUTH',
        ClientId: s.clientId,
        AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'Passw0rd!', DEVICE_KEY: secrets.deviceKey },
        UserContextData: context,
      }),
    ],
    [
      'RespondToAuthChallenge',
      async () => ({
        ClientId: s.clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: await userAuth(),
        ChallengeResponses: { USERNAME: 'alice', ANSWER: 'PASSWORD_SRP', SRP_A: 'abc123', DEVICE_KEY: secrets.deviceKey },
      }),
    ],
    [
      'RespondToAuthChallenge',
      async () => ({
        ClientId: s.clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: await userAuth('EMAIL_OTP'),
        ChallengeResponses: { USERNAME: 'alice', EMAIL_OTP_CODE: '12345678', DEVICE_KEY: secrets.deviceKey },
      }),
    ],
    ['CreateUserPool', async () => ({ PoolName: 'factors', Policies: firstFactors })],
    ['UpdateUserPool', async () => ({ UserPoolId: spare, Policies: firstFactors })],
    [
      'RespondToAuthChallenge',
      async () => ({
        ClientId: s.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: await live(),
        ChallengeResponses: {
          USERNAME: 'alice',
          PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA',
          PASSWORD_CLAIM_SIGNATURE: 'AAAA',
          TIMESTAMP: 'Tue Jan 1 06:06:09 UTC 2019',
          DEVICE_KEY: secrets.deviceKey,
        },
      }),
    ],
    [
      'RespondToAuthChallenge',
      async () => ({
        ClientId: s.clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: await live(),
        ChallengeResponses: { USERNAME: 'alice', DEVICE_KEY: secrets.deviceKey, SRP_A: 'abc' },
      }),
    ],
    ['ConfirmDevice', async () => ({ AccessToken: tokens.AccessToken, DeviceKey: secrets.deviceKey, DeviceSecretVerifierConfig: config })],
    [
      'UpdateDeviceStatus',
      async () => ({ AccessToken: tokens.AccessToken, DeviceKey: secrets.deviceKey, DeviceRememberedStatus: 'remembered' }),
    ],
    ['ListDevices', async () => ({ AccessToken: tokens.AccessToken, Limit: 1 })],
    ['AssociateSoftwareToken', async () => ({ AccessToken: tokens.AccessToken })],
    ['VerifySoftwareToken', async () => ({ AccessToken: tokens.AccessToken, UserCode: '123456' })],
    ['UpdateUserAttributes', async () => ({ AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'name', Value: 'A' }] })],
    ['SetUserMFAPreference', async () => ({ AccessToken: tokens.AccessToken, SMSMfaSettings: { Enabled: false } })],
    [
      'InitiateAuth',
      async () => ({
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: s.clientId,
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken, DEVICE_KEY: secrets.deviceKey },
      }),
    ],
    ['AdminListDevices', async () => ({ UserPoolId: s.poolId, Username: 'alice', Limit: 2 })],
    ['AdminGetDevice', async () => ({ UserPoolId: s.poolId, Username: 'alice', DeviceKey: secrets.deviceKey })],
    [
      'InitiateAuth',
      async () => {
        const { Username, Session } = await confirmedSession()
        return { AuthFlow: 'USER_AUTH', ClientId: s.clientId, AuthParameters: { USERNAME: Username }, Session, UserContextData: context }
      },
    ],
    ['ForgotPassword', async () => ({ ClientId: s.clientId, Username: 'alice', UserContextData: context })],
    ['GetUserAttributeVerificationCode', async () => ({ AccessToken: tokens.AccessToken, AttributeName: 'email' })],
    ['AdminListUserAuthEvents', async () => ({ UserPoolId: s.poolId, Username: 'alice', MaxResults: 1 })],
    [
      'AdminUpdateAuthEventFeedback',
      async () => ({
        UserPoolId: s.poolId,
        Username: 'alice',
        EventId: h.cognito.authEvents.last('alice')!.eventId,
        FeedbackValue: 'Valid',
      }),
    ],
  ]
  const mutation = fc.record({
    which: fc.nat({ max: valid.length - 1 }),
    path: fc.array(fc.nat({ max: 10 }), { minLength: 1, maxLength: 2 }),
    replacement: fc.oneof(fc.constant(undefined), fc.constant(null), scalar(), fc.jsonValue({ maxDepth: 2 })),
  })
  let adminAnswered = 0
  await fc.assert(
    fc.asyncProperty(mutation, async ({ which, path, replacement }) => {
      const [operation, make] = valid[which]!
      const body = JSON.parse(JSON.stringify(await make())) as Record<string, unknown>
      // Replace one member (or one member of a nested map) with something else.
      let target: Record<string, unknown> = body
      for (let i = 0; i < path.length; i++) {
        const keys = Object.keys(target)
        if (keys.length === 0) break
        const key = keys[path[i]! % keys.length]!
        const next = target[key]
        if (i < path.length - 1 && next && typeof next === 'object' && !Array.isArray(next)) {
          target = next as Record<string, unknown>
          continue
        }
        if (replacement === undefined) delete target[key]
        else target[key] = replacement
        break
      }
      const { status, text } = await send(`AWSCognitoIdentityProviderService.${operation}`, JSON.stringify(body))
      expect([200, 400]).toContain(status)
      if (status === 400) expect(typeof (JSON.parse(text) as { __type?: unknown }).__type).toBe('string')
      if (operation.startsWith('Admin') && status === 200) adminAnswered++
    }),
    { numRuns: 1000 },
  )
  // The signed Admin requests were served, not stopped at the signature check.
  expect(adminAnswered).toBeGreaterThan(0)
}, 60_000)
